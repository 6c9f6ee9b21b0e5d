import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Grid, Select, Table, Tag, Typography } from 'antd';
import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { budgetApi, type BudgetLine, type BudgetView, type CommunityDetail, type Me, type VersionView } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatFen } from '../../format';
import { decisionPath } from '../decisions/decisionsUtil';
import { CommentForm, CommentItem } from './Comments';
import { IncomeCheckCard } from './IncomeCheckCard';
import { VERSION_STATE_COLORS, canCommentBudget, canModerate, commentsOn, defaultVersion, liveVersion, newestFirst, stanceOf } from './budgetUtil';

const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** The version picker's options: every version the reader sees, newest first, the one in force marked. */
export function VersionSelect({ budget, value, onChange, testId, exclude }: { budget: BudgetView; value: number | null; onChange: (n: number) => void; testId?: string; exclude?: (n: number) => boolean }) {
  const { t } = useTranslation();
  return (
    <Select<number>
      value={value ?? undefined}
      onChange={onChange}
      style={{ minWidth: 220, maxWidth: '100%' }}
      data-testid={testId}
      options={newestFirst(budget.versions)
        .filter((v) => !exclude?.(v.number))
        .map((v) => ({
          value: v.number,
          label: `${t('budget.versionOption', { n: v.number, kind: t(`budget.kind.${v.kind}`), state: t(`budget.versionState.${v.state}`) })}${v.number === budget.inForce ? ` · ${t('budget.inForceTag')}` : ''}`,
        }))}
    />
  );
}

/** 预算: one version (by default the one in force or the latest published) with the income check, the lines, and the comments on each. */
export function VersionTab({ code, budget, me, community, selected, onSelect }: { code: string; budget: BudgetView; me: Me | undefined; community: CommunityDetail; selected: number | null; onSelect: (n: number) => void }) {
  const { t } = useTranslation();
  const shown = selected && budget.versions.some((v) => v.number === selected) ? selected : defaultVersion(budget);
  const version = useRequest((signal) => (shown ? budgetApi.version(code, budget.year, shown, signal) : Promise.resolve(null)), [code, budget.year, shown]);
  const live = liveVersion(budget);
  if (!shown) return <Empty description={t('budget.empty')} />;
  const v = version.data && version.data.number === shown ? version.data : null;

  return (
    <Flex vertical gap={12} data-testid="budget-version-tab">
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">{t('budget.versionPicker')}</Typography.Text>
        <VersionSelect budget={budget} value={shown} onChange={onSelect} testId="budget-version-select" />
      </Flex>
      {live && live.number !== shown && (
        <Alert
          type="info"
          showIcon
          title={t('budget.liveAlert', { n: live.number, kind: t(`budget.kind.${live.kind}`), state: t(`budget.versionState.${live.state}`) })}
          action={
            <Button size="small" type="primary" onClick={() => onSelect(live.number)} data-testid="budget-open-live">
              {t('budget.liveOpen', { n: live.number })}
            </Button>
          }
        />
      )}
      {version.error ? (
        <ErrorAlert error={version.error} onRetry={version.reload} />
      ) : !v ? (
        <PageLoading />
      ) : (
        <VersionBody code={code} budget={budget} v={v} me={me} community={community} reload={version.reload} />
      )}
    </Flex>
  );
}

function VersionBody({ code, budget, v, me, community, reload }: { code: string; budget: BudgetView; v: VersionView; me: Me | undefined; community: CommunityDetail; reload: () => void }) {
  const { t } = useTranslation();
  const commentable = v.state === 'consultation';
  const mayComment = commentable && canCommentBudget(me, community);
  const moderate = canModerate(me, community);
  const general = commentsOn(v.comments, null);
  const ctx: LineCtx = { code, year: budget.year, v, mayComment, moderate, reload };

  return (
    <Flex vertical gap={12} data-testid="budget-version" data-version={v.number} data-state={v.state}>
      <Card size="small">
        <Flex vertical gap={6}>
          <Flex wrap gap={6} align="center">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('budget.version', { n: v.number })}
            </Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }}>{t(`budget.kind.${v.kind}`)}</Tag>
            <Tag color={VERSION_STATE_COLORS[v.state]} style={{ marginInlineEnd: 0 }} data-testid="budget-version-state">
              {t(`budget.versionState.${v.state}`)}
            </Tag>
            {v.number === budget.inForce && <Tag color="green">{t('budget.inForceTag')}</Tag>}
          </Flex>
          <Flex wrap gap={12} style={{ fontSize: 13 }}>
            {v.publishedAt && <Typography.Text type="secondary">{t('budget.publishedAt', { date: formatDate(v.publishedAt) })}</Typography.Text>}
            {v.consultationEndsOn && <Typography.Text type="secondary">{t('budget.consultationEnds', { date: formatDate(v.consultationEndsOn) })}</Typography.Text>}
            {v.adoptedAt && <Typography.Text type="secondary">{t('budget.adoptedAt', { date: formatDate(v.adoptedAt) })}</Typography.Text>}
            {v.decisionId !== null && (
              <Link to={decisionPath(code, v.decisionId)} data-testid="budget-decision-link">
                {t('budget.decisionLink', { id: v.decisionId, item: v.decisionItem ?? 1 })}
              </Link>
            )}
          </Flex>
          {v.state === 'draft' && <Alert type="warning" showIcon title={t('budget.draftAlert')} />}
          {v.note && (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="budget-version-note">
              <Typography.Text strong>{t('budget.note')}：</Typography.Text>
              {v.note}
            </Typography.Paragraph>
          )}
        </Flex>
      </Card>
      <IncomeCheckCard income={v.income} basis={v.basis} basisText={v.basisText} />
      <LinesView ctx={ctx} />
      <Card size="small" title={t('budget.lines.general')} data-testid="budget-general-comments">
        <CommentsBlock ctx={ctx} line={null} comments={general} />
      </Card>
    </Flex>
  );
}

interface LineCtx {
  code: string;
  year: number;
  v: VersionView;
  mayComment: boolean;
  moderate: boolean;
  reload: () => void;
}

/** The comments of one line (or the whole version) and, while in consultation, the form to add one. */
function CommentsBlock({ ctx, line, comments }: { ctx: LineCtx; line: string | null; comments: ReturnType<typeof commentsOn> }) {
  const { t } = useTranslation();
  const { v } = ctx;
  return (
    <Flex vertical gap={10} data-testid="budget-line-comments" data-line={line ?? ''}>
      {comments.length ? (
        comments.map((c) => <CommentItem key={c.id} code={ctx.code} year={ctx.year} c={c} moderate={ctx.moderate} onChanged={ctx.reload} />)
      ) : (
        <Typography.Text type="secondary">{t('budget.comment.none')}</Typography.Text>
      )}
      {ctx.mayComment ? (
        <CommentForm code={ctx.code} year={ctx.year} version={v.number} line={line} onSent={ctx.reload} />
      ) : v.state === 'consultation' ? (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('budget.comment.signIn')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

function StanceTags({ ctx, line }: { ctx: LineCtx; line: string }) {
  const { t } = useTranslation();
  const s = stanceOf(ctx.v.stances, line);
  return (
    <Flex gap={4} wrap data-testid="budget-line-stances" data-support={s.support} data-oppose={s.oppose}>
      <Tag color="green" style={{ marginInlineEnd: 0 }}>
        {t('budget.stance.support')} {s.support}
      </Tag>
      <Tag color="red" style={{ marginInlineEnd: 0 }}>
        {t('budget.stance.oppose')} {s.oppose}
      </Tag>
      {s.comment > 0 && (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t('budget.stance.comment')} {s.comment}
        </Tag>
      )}
    </Flex>
  );
}

/** The lines: a table with expandable comments on a desktop, one card per line on a phone. */
function LinesView({ ctx }: { ctx: LineCtx }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState<string[]>([]);
  const { v } = ctx;
  const toggle = (code: string) => setOpen((o) => (o.includes(code) ? o.filter((c) => c !== code) : [...o, code]));
  const count = (code: string) => commentsOn(v.comments, code).length;

  if (!v.lines.length)
    return (
      <Card size="small" title={t('budget.lines.title')}>
        <Empty description={t('budget.lines.empty')} />
      </Card>
    );

  if (!screens.md) {
    return (
      <Flex vertical gap={8} data-testid="budget-lines">
        <Flex justify="space-between" align="baseline">
          <Typography.Text strong>{t('budget.lines.title')}</Typography.Text>
          <Typography.Text strong style={NUM}>
            {t('budget.lines.total')} {formatFen(v.income.plannedFen)}
          </Typography.Text>
        </Flex>
        {v.lines.map((l) => (
          <Card key={l.code} size="small" styles={{ body: { padding: 12 } }} data-testid="budget-line" data-code={l.code}>
            <Flex vertical gap={6}>
              <Flex justify="space-between" gap={8} align="start">
                <Typography.Text strong>
                  <Typography.Text type="secondary">{l.code}</Typography.Text> {l.name}
                </Typography.Text>
                <Typography.Text strong style={NUM} data-testid="budget-line-amount">
                  {formatFen(l.amountFen)}
                </Typography.Text>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.account} {l.accountName}
              </Typography.Text>
              {l.basis && <Typography.Text style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{l.basis}</Typography.Text>}
              {l.standardText && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('budget.lines.standard')}：{l.standardText}
                </Typography.Text>
              )}
              <Flex justify="space-between" align="center" gap={8} wrap>
                <StanceTags ctx={ctx} line={l.code} />
                <Button size="small" type="link" icon={open.includes(l.code) ? <DownOutlined /> : <RightOutlined />} onClick={() => toggle(l.code)} data-testid="budget-line-toggle" style={{ paddingInline: 0 }}>
                  {t('budget.lines.comments', { n: count(l.code) })}
                </Button>
              </Flex>
              {open.includes(l.code) && <CommentsBlock ctx={ctx} line={l.code} comments={commentsOn(v.comments, l.code)} />}
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  }

  return (
    <Card size="small" title={t('budget.lines.title')} styles={{ body: { padding: 0 } }}>
      <Table<BudgetLine>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={v.lines}
        data-testid="budget-lines"
        onRow={(l) => ({ 'data-testid': 'budget-line', 'data-code': l.code }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowKeys: open,
          onExpand: (_, l) => toggle(l.code),
          expandedRowRender: (l) => <CommentsBlock ctx={ctx} line={l.code} comments={commentsOn(v.comments, l.code)} />,
        }}
        columns={[
          { key: 'code', title: t('budget.lines.code'), dataIndex: 'code', width: 70 },
          { key: 'account', title: t('budget.lines.account'), render: (_, l) => `${l.account} ${l.accountName}`, width: 140 },
          { key: 'name', title: t('budget.lines.name'), dataIndex: 'name' },
          { key: 'amount', title: t('budget.lines.amount'), align: 'right', render: (_, l) => <span style={NUM} data-testid="budget-line-amount">{formatFen(l.amountFen)}</span> },
          { key: 'basis', title: t('budget.lines.basis'), dataIndex: 'basis', render: (text: string) => <Typography.Text style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{text}</Typography.Text> },
          { key: 'standard', title: t('budget.lines.standard'), render: (_, l) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.standardText ?? '—'}</Typography.Text> },
          {
            key: 'stances',
            title: t('budget.lines.stances'),
            render: (_, l) => (
              <Flex vertical gap={4} align="start">
                <StanceTags ctx={ctx} line={l.code} />
                <Button size="small" type="link" onClick={() => toggle(l.code)} data-testid="budget-line-toggle" style={{ paddingInline: 0 }}>
                  {t('budget.lines.comments', { n: count(l.code) })}
                </Button>
              </Flex>
            ),
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={4}>
              <Typography.Text strong>{t('budget.lines.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Typography.Text strong style={NUM}>
                {formatFen(v.income.plannedFen)}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} colSpan={3} />
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}
