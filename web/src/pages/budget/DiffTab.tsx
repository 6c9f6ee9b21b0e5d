import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Grid, Row, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { budgetApi, type BudgetView, type DiffLine, type DiffView, type IncomeCheck } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useRequest } from '../../components/useRequest';
import { formatFen } from '../../format';
import { CommentItem } from './Comments';
import { DifferenceTag } from './IncomeCheckCard';
import { VersionSelect } from './VersionTab';
import { CHANGE_COLORS, defaultDiffPair, signedFen } from './budgetUtil';

const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const HIGHLIGHT = { background: '#fff7e6', borderRadius: 4, padding: '0 4px' } as const;
type Field = 'amountFen' | 'name' | 'account' | 'basis' | 'standard';
const FIELDS: readonly Field[] = ['amountFen', 'name', 'account', 'basis', 'standard'];

/**
 * 版本对比: two versions line by line — added, removed, changed (each changed field highlighted,
 * amounts before → after with the delta) — and under each line the comments the newer version
 * answered, with the answers; the revision note and the income check before and after.
 */
export function DiffTab({ code, budget, from, to, onPick }: { code: string; budget: BudgetView; from: number | null; to: number | null; onPick: (from: number, to: number) => void }) {
  const { t } = useTranslation();
  const fallback = defaultDiffPair(budget.versions);
  const known = (n: number | null) => n !== null && budget.versions.some((v) => v.number === n);
  const pair = known(from) && known(to) ? { from: from!, to: to! } : fallback;
  const diff = useRequest((signal) => (pair && pair.from !== pair.to ? budgetApi.diff(code, budget.year, pair.from, pair.to, signal) : Promise.resolve(null)), [code, budget.year, pair?.from, pair?.to]);

  if (!pair) return <Empty description={t('budget.diff.onlyOne')} data-testid="budget-diff-empty" />;
  const d = diff.data && diff.data.from === pair.from && diff.data.to === pair.to ? diff.data : null;

  return (
    <Flex vertical gap={12} data-testid="budget-diff">
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">{t('budget.diff.from')}</Typography.Text>
        <VersionSelect budget={budget} value={pair.from} onChange={(n) => onPick(n, pair.to)} testId="budget-diff-from" />
        <ArrowRightOutlined style={{ color: '#999' }} />
        <Typography.Text type="secondary">{t('budget.diff.to')}</Typography.Text>
        <VersionSelect budget={budget} value={pair.to} onChange={(n) => onPick(pair.from, n)} testId="budget-diff-to" />
      </Flex>
      {pair.from === pair.to ? (
        <Alert type="info" showIcon title={t('budget.diff.same')} />
      ) : diff.error ? (
        <ErrorAlert error={diff.error} onRetry={diff.reload} />
      ) : !d ? (
        <PageLoading />
      ) : (
        <DiffBody code={code} year={budget.year} d={d} />
      )}
    </Flex>
  );
}

function DiffBody({ code, year, d }: { code: string; year: number; d: DiffView }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [showUnchanged, setShowUnchanged] = useState(false);
  const changed = d.lines.filter((l) => l.change !== 'unchanged');
  const unchanged = d.lines.filter((l) => l.change === 'unchanged');
  const rows = showUnchanged ? d.lines : changed;

  return (
    <Flex vertical gap={12} data-testid="budget-diff-body" data-from={d.from} data-to={d.to}>
      <Card size="small" title={t('budget.diff.noteTitle', { n: d.to })}>
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} type={d.note ? undefined : 'secondary'} data-testid="budget-diff-note">
          {d.note || t('budget.diff.noNote')}
        </Typography.Paragraph>
      </Card>
      <IncomeBeforeAfter before={d.incomeBefore} after={d.incomeAfter} />
      {!changed.length && <Alert type="info" showIcon title={t('budget.diff.noChange')} />}
      {screens.md ? (
        rows.length > 0 && <DiffTable code={code} year={year} rows={rows} />
      ) : (
        <Flex vertical gap={8}>
          {rows.map((l) => (
            <DiffCard key={l.code} code={code} year={year} l={l} />
          ))}
        </Flex>
      )}
      {unchanged.length > 0 && (
        <Button type="link" onClick={() => setShowUnchanged((s) => !s)} style={{ alignSelf: 'start', paddingInline: 0 }} data-testid="budget-diff-unchanged">
          {showUnchanged ? t('budget.diff.hideUnchanged') : t('budget.diff.showUnchanged', { n: unchanged.length })}
        </Button>
      )}
      {d.answeredGeneral.length > 0 && (
        <Card size="small" title={t('budget.diff.general')} data-testid="budget-diff-general">
          <Flex vertical gap={10}>
            {d.answeredGeneral.map((c) => (
              <CommentItem key={c.id} code={code} year={year} c={c} moderate={false} />
            ))}
          </Flex>
        </Card>
      )}
    </Flex>
  );
}

function IncomeBeforeAfter({ before, after }: { before: IncomeCheck; after: IncomeCheck }) {
  const { t } = useTranslation();
  const rows: { key: string; label: string; b: number; a: number }[] = [
    { key: 'available', label: t('budget.income.available'), b: before.availableFen, a: after.availableFen },
    { key: 'planned', label: t('budget.income.planned'), b: before.plannedFen, a: after.plannedFen },
    { key: 'difference', label: t('budget.income.difference'), b: before.differenceFen, a: after.differenceFen },
  ];
  return (
    <Card size="small" title={t('budget.income.title')} extra={<DifferenceTag income={after} />} data-testid="budget-diff-income">
      <Row gutter={[8, 8]}>
        <Col span={8} />
        <Col span={8} style={{ textAlign: 'right' }}>
          <Typography.Text type="secondary">{t('budget.income.before')}</Typography.Text>
        </Col>
        <Col span={8} style={{ textAlign: 'right' }}>
          <Typography.Text type="secondary">{t('budget.income.after')}</Typography.Text>
        </Col>
        {rows.map((r) => (
          <RowLine key={r.key} label={r.label} b={r.b} a={r.a} diff={r.key === 'difference'} />
        ))}
      </Row>
    </Card>
  );
}

function RowLine({ label, b, a, diff }: { label: string; b: number; a: number; diff: boolean }) {
  const color = (v: number) => (diff ? (v >= 0 ? '#389e0d' : '#cf1322') : undefined);
  return (
    <>
      <Col span={8}>
        <Typography.Text>{label}</Typography.Text>
      </Col>
      <Col span={8} style={{ textAlign: 'right' }}>
        <Typography.Text style={{ ...NUM, color: color(b) }}>{diff ? signedFen(b) : formatFen(b)}</Typography.Text>
      </Col>
      <Col span={8} style={{ textAlign: 'right' }}>
        <Typography.Text strong={a !== b} style={{ ...NUM, color: color(a) }}>
          {diff ? signedFen(a) : formatFen(a)}
        </Typography.Text>
      </Col>
    </>
  );
}

function ChangeTag({ l }: { l: DiffLine }) {
  const { t } = useTranslation();
  return (
    <Tag color={CHANGE_COLORS[l.change]} style={{ marginInlineEnd: 0 }} data-testid="budget-diff-change">
      {t(`budget.diff.change.${l.change}`)}
    </Tag>
  );
}

function Delta({ l }: { l: DiffLine }) {
  const color = l.deltaFen > 0 ? '#cf1322' : l.deltaFen < 0 ? '#389e0d' : undefined;
  return (
    <Typography.Text strong={l.deltaFen !== 0} style={{ ...NUM, color }} data-testid="budget-diff-delta">
      {signedFen(l.deltaFen)}
    </Typography.Text>
  );
}

function Amounts({ l }: { l: DiffLine }) {
  const hit = l.fields.includes('amountFen');
  return (
    <span style={{ ...NUM, ...(hit ? HIGHLIGHT : {}) }} data-testid="budget-diff-amounts">
      {l.before ? formatFen(l.before.amountFen) : '—'} → {l.after ? formatFen(l.after.amountFen) : '—'}
    </span>
  );
}

/** The text fields that changed, before → after, highlighted. */
function FieldChanges({ l }: { l: DiffLine }) {
  const { t } = useTranslation();
  const text = (f: Field, side: 'before' | 'after') => {
    const line = l[side];
    if (!line) return '—';
    if (f === 'account') return `${line.account} ${line.accountName}`;
    if (f === 'standard') return line.standardText ?? line.standard ?? '—';
    return String(line[f] ?? '—');
  };
  const fields = FIELDS.filter((f) => f !== 'amountFen' && l.fields.includes(f));
  if (!fields.length) return null;
  return (
    <Flex vertical gap={2} style={{ marginTop: 4 }}>
      {fields.map((f) => (
        <Typography.Text key={f} style={{ fontSize: 12 }} data-testid="budget-diff-field" data-field={f}>
          <Tag color="orange" style={{ fontSize: 11 }}>
            {t(`budget.diff.fields.${f}`)}
          </Tag>
          <Typography.Text delete type="secondary" style={{ fontSize: 12 }}>
            {text(f, 'before')}
          </Typography.Text>{' '}
          → <span style={HIGHLIGHT}>{text(f, 'after')}</span>
        </Typography.Text>
      ))}
    </Flex>
  );
}

function Answered({ code, year, l }: { code: string; year: number; l: DiffLine }) {
  const { t } = useTranslation();
  if (!l.answered.length) return null;
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="budget-diff-answered">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('budget.diff.answered')}
      </Typography.Text>
      {l.answered.map((c) => (
        <CommentItem key={c.id} code={code} year={year} c={c} moderate={false} />
      ))}
    </Flex>
  );
}

const top = () => ({ style: { verticalAlign: 'top' as const } });
const lineName = (l: DiffLine) => (l.after ?? l.before)?.name ?? '';

function DiffCard({ code, year, l }: { code: string; year: number; l: DiffLine }) {
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid="budget-diff-line" data-code={l.code} data-change={l.change} data-fields={l.fields.join(',')}>
      <Flex vertical gap={4}>
        <Flex justify="space-between" gap={8} align="start">
          <Typography.Text strong>
            <Typography.Text type="secondary">{l.code}</Typography.Text> {lineName(l)}
          </Typography.Text>
          <ChangeTag l={l} />
        </Flex>
        <Flex justify="space-between" gap={8} wrap>
          <Amounts l={l} />
          <Delta l={l} />
        </Flex>
        <FieldChanges l={l} />
        <Answered code={code} year={year} l={l} />
      </Flex>
    </Card>
  );
}

function DiffTable({ code, year, rows }: { code: string; year: number; rows: DiffLine[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <Table<DiffLine>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={rows}
        onRow={(l) => ({ 'data-testid': 'budget-diff-line', 'data-code': l.code, 'data-change': l.change, 'data-fields': l.fields.join(',') }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'change', title: '', width: 70, onCell: top, render: (_, l) => <ChangeTag l={l} /> },
          { key: 'code', title: t('budget.lines.code'), dataIndex: 'code', width: 70, onCell: top },
          {
            key: 'name',
            title: t('budget.lines.name'),
            onCell: top,
            render: (_, l) => (
              <div>
                <Typography.Text style={l.fields.includes('name') ? HIGHLIGHT : undefined}>{lineName(l)}</Typography.Text>
                <FieldChanges l={l} />
                <Answered code={code} year={year} l={l} />
              </div>
            ),
          },
          { key: 'amounts', title: `${t('budget.diff.before')} → ${t('budget.diff.after')}`, align: 'right', width: 260, onCell: top, render: (_, l) => <Amounts l={l} /> },
          { key: 'delta', title: t('budget.diff.delta'), align: 'right', width: 140, onCell: top, render: (_, l) => <Delta l={l} /> },
        ]}
      />
    </Card>
  );
}
