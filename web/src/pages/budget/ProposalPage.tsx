import { Button, Card, Descriptions, Empty, Flex, Result, Tag, Timeline, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, FileOutlined, LockOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, budgetApi, type Me, type ProposalView } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatDateTime, formatFen } from '../../format';
import { entryPath } from '../billing/billingUtil';
import { decisionPath } from '../decisions/decisionsUtil';
import { labelOf, type ChartNames } from '../ledger/names';
import { ProposalActions } from './ProposalActions';
import { ProposalFlags, approvalSentences } from './SpendingParts';
import { PROPOSAL_STATE_COLORS, budgetPath, canOpenQuoteFiles, spendingPath } from './budgetUtil';
import { useBudgetCommunity } from './useBudgetCommunity';

const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const TRAIL = ['proposed', 'approve', 'reject', 'withdrawn', 'cancelled', 'decision_linked', 'decision_ended', 'disclosed', 'ratify', 'refuse_ratification', 'posted'] as const;

/** The words a person wrote with a step (a note or a reason), when there are any. */
function trailNote(detail: Record<string, unknown>): string | null {
  const v = detail.note ?? detail.reason;
  return typeof v === 'string' && v.trim() ? v : null;
}

/**
 * One expense proposal: amount, budget line and what remains on it, the approval it needs and
 * why, the quotes with the one chosen and the reason, the verdicts, the owners' decision, an
 * emergency's disclosure and ratification, and the ledger entry once posted; the actions the
 * caller may take now (the server's `mayAct`).
 */
export default function ProposalPage() {
  const { t } = useTranslation();
  const { code = '', id: idParam = '' } = useParams();
  const id = Number(idParam);
  const { me, community: c, gate } = useBudgetCommunity(code);
  const proposal = useRequest((signal) => budgetApi.proposal(code, id, signal), [code, id]);
  const settings = useRequest((signal) => budgetApi.spendingSettings(code, signal), [code]);
  const accounts = useRequest((signal) => api.ledgerAccounts(code, signal), [code]);

  if (gate || !c) return gate;
  if (proposal.error instanceof ApiError && proposal.error.status === 404)
    return (
      <Result
        status="404"
        title={t('spending.detail.notFound')}
        subTitle={proposal.error.message}
        extra={
          <Link to={spendingPath(code)}>
            <Button type="primary">{t('spending.detail.back')}</Button>
          </Link>
        }
      />
    );
  if (proposal.error) return <ErrorAlert error={proposal.error} onRetry={proposal.reload} />;
  if (!proposal.data) return <PageLoading />;
  const p = proposal.data;
  const chart: ChartNames = new Map((accounts.data?.accounts ?? []).map((a) => [a.code, a]));

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }} data-testid="proposal-page" data-state={p.state} data-id={p.id}>
      <div>
        <Link to={spendingPath(code)} style={{ fontSize: 13 }}>
          {localName(c)} · {t('spending.detail.back')}
        </Link>
        <Typography.Title level={3} style={{ margin: '4px 0' }} data-testid="proposal-title">
          #{p.id} {p.title}
        </Typography.Title>
        <Flex wrap gap={4} align="center">
          <Tag color={PROPOSAL_STATE_COLORS[p.state]} data-testid="proposal-state">
            {t(`spending.state.${p.state}`)}
          </Tag>
          <Tag>{t(`spending.level.${p.level}`)}</Tag>
          <ProposalFlags p={p} />
        </Flex>
      </div>
      {p.mayAct.length > 0 && <ProposalActions code={code} p={p} onChanged={proposal.reload} />}
      <Card size="small">
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'amount', label: t('spending.detail.amount'), children: <Typography.Text strong style={{ ...NUM, fontSize: 18 }} data-testid="proposal-amount">{formatFen(p.amountFen)}</Typography.Text> },
            {
              key: 'line',
              label: t('spending.detail.line'),
              children: p.line && p.year ? (
                <Link to={budgetPath(code, p.year, 'execution')} data-testid="proposal-line">
                  {t('spending.detail.budgetYear', { year: p.year })} {p.line} {p.lineName ?? ''}
                </Link>
              ) : (
                t('spending.noLine')
              ),
            },
            ...(p.remainingFen !== null
              ? [{ key: 'remaining', label: t('spending.detail.remaining'), children: <Typography.Text style={{ ...NUM, color: p.remainingFen < 0 ? '#cf1322' : undefined }} data-testid="proposal-remaining">{formatFen(p.remainingFen)}</Typography.Text> }]
              : []),
            { key: 'account', label: t('spending.detail.account'), children: labelOf(chart, p.account) },
            { key: 'counterparty', label: t('spending.detail.counterparty'), children: p.counterparty },
            ...(p.description ? [{ key: 'description', label: t('spending.detail.description'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{p.description}</span> }] : []),
            { key: 'by', label: t('spending.detail.proposedBy'), children: `${p.proposedBy} · ${formatDateTime(p.proposedAt)}` },
            {
              key: 'ledger',
              label: t('spending.detail.ledger'),
              children:
                p.ledgerSeq !== null ? (
                  <Link to={entryPath(code, p.ledgerSeq)} data-testid="proposal-ledger-link">
                    {t('spending.detail.ledgerEntry', { seq: p.ledgerSeq })}
                  </Link>
                ) : (
                  <Typography.Text type="secondary">{t('spending.detail.notPosted')}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('spending.detail.approval')} data-testid="proposal-approval">
        <Flex vertical gap={6}>
          {approvalSentences(t, p, settings.data).map((s) => (
            <Typography.Text key={s} data-testid="proposal-reason">
              {s}
            </Typography.Text>
          ))}
          {p.level === 'committee' && (
            <Typography.Text type="secondary">{t('spending.detail.approvals', { n: p.verdicts.filter((v) => v.purpose === (p.emergency ? 'ratification' : 'approval') && v.verdict === 'approve').length, need: p.approvalsNeeded, size: p.committeeSize })}</Typography.Text>
          )}
          {p.decision && (
            <Flex gap={6} wrap align="center">
              <Typography.Text type="secondary">{t('spending.detail.decision')}</Typography.Text>
              <Link to={decisionPath(code, p.decision.id)} data-testid="proposal-decision-link">
                {t('spending.detail.decisionValue', { id: p.decision.id, item: p.decision.item, title: p.decision.title })}
              </Link>
              <Tag color={p.decision.passed ? 'green' : 'default'}>{p.decision.passed ? t('spending.detail.passed') : t(`decisions.state.${p.decision.state as 'draft'}`)}</Tag>
            </Flex>
          )}
        </Flex>
      </Card>
      {p.emergency && <EmergencyCard p={p} />}
      <QuotesCard code={code} p={p} me={me} canOpen={canOpenQuoteFiles(me, c)} />
      <VerdictsCard p={p} />
      {p.trail.length > 0 && (
        <Card size="small" title={t('spending.detail.trail')}>
          <Timeline
            items={p.trail.map((e, i) => ({
              key: i,
              content: (
                <span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(e.at)}
                  </Typography.Text>{' '}
                  {e.by ? `${e.by} · ` : ''}
                  {TRAIL.includes(e.action as (typeof TRAIL)[number]) ? t(`spending.trail.${e.action as (typeof TRAIL)[number]}`) : e.action}
                  {trailNote(e.detail) && <Typography.Text type="secondary">：{trailNote(e.detail)}</Typography.Text>}
                </span>
              ),
            }))}
          />
        </Card>
      )}
    </Flex>
  );
}

function EmergencyCard({ p }: { p: ProposalView }) {
  const { t } = useTranslation();
  const d = p.disclosure;
  return (
    <Card size="small" title={t('spending.emergency')} data-testid="proposal-emergency-card">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'reason', label: t('spending.detail.emergencyReason'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{p.emergencyReason ?? '—'}</span> },
          {
            key: 'disclosure',
            label: t('spending.detail.disclosure'),
            children: d ? (
              <Flex gap={6} wrap align="center" data-testid="proposal-disclosure">
                {d.at ? <Tag color="green">{t('spending.detail.disclosedAt', { date: formatDate(d.at) })}</Tag> : <Typography.Text>{t('spending.detail.disclosureDue', { date: formatDate(d.dueBy) })}</Typography.Text>}
                {d.overdue && <Tag color="red">{t('spending.detail.overdue')}</Tag>}
              </Flex>
            ) : (
              '—'
            ),
          },
          { key: 'ratification', label: t('spending.detail.ratification'), children: p.ratification ? t(`spending.ratification.${p.ratification}`) : '—' },
        ]}
      />
    </Card>
  );
}

function QuotesCard({ code, p, me, canOpen }: { code: string; p: ProposalView; me: Me | undefined; canOpen: boolean }) {
  const { t } = useTranslation();
  const file = (q: ProposalView['quotes'][number]) =>
    canOpen ? (
      <a href={budgetApi.quoteUrl(code, p.id, q.sha256)} target="_blank" rel="noopener noreferrer" data-testid="proposal-quote-link">
        <FileOutlined /> {q.name}
      </a>
    ) : (
      <Tooltip title={me?.account ? `SHA-256 ${q.sha256}` : t('spending.detail.quoteSignIn')}>
        <Typography.Text type="secondary">
          <LockOutlined /> {q.name}
        </Typography.Text>
      </Tooltip>
    );
  return (
    <Card size="small" title={t('spending.detail.quotes')} extra={
        p.quotesRequired > 0 && (
          <Typography.Text type={p.quotes.length < p.quotesRequired ? 'danger' : 'secondary'} data-testid="proposal-quotes-required">
            {t('spending.detail.quotesRequired', { n: p.quotesRequired })}
            {p.quotes.length < p.quotesRequired && ` · ${t('spending.detail.quotesShort', { n: p.quotes.length })}`}
          </Typography.Text>
        )
      } styles={{ body: { padding: p.quotes.length ? 0 : 12 } }} data-testid="proposal-quotes">
      {!p.quotes.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('spending.detail.noQuotes')} />
      ) : (
        <>
          {p.quotes.map((q) => (
            <Flex
              key={q.position}
              justify="space-between"
              align="center"
              wrap
              gap={8}
              style={{ padding: '8px 12px', borderBottom: '1px solid #f0f0f0', background: q.chosen ? '#f6ffed' : undefined }}
              data-testid="proposal-quote"
              data-chosen={q.chosen ? 'true' : 'false'}
            >
              <Flex vertical gap={2} style={{ minWidth: 0, flex: '1 1 200px' }}>
                <Typography.Text strong={q.chosen}>
                  {q.chosen && <CheckCircleFilled style={{ color: '#1f6f5c', marginInlineEnd: 4 }} />}
                  {q.vendor}
                  {q.chosen && (
                    <Tag color="green" style={{ marginInlineStart: 6 }}>
                      {t('spending.detail.chosen')}
                    </Tag>
                  )}
                </Typography.Text>
                <span style={{ fontSize: 13, overflowWrap: 'anywhere' }}>{file(q)}</span>
              </Flex>
              <Typography.Text strong={q.chosen} style={NUM}>
                {formatFen(q.amountFen)}
              </Typography.Text>
            </Flex>
          ))}
          {p.choiceReason && (
            <Typography.Paragraph style={{ margin: 12, whiteSpace: 'pre-wrap' }} data-testid="proposal-choice-reason">
              <Typography.Text strong>{t('spending.detail.choiceReason')}：</Typography.Text>
              {p.choiceReason}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  );
}

function VerdictsCard({ p }: { p: ProposalView }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('spending.detail.verdicts')} data-testid="proposal-verdicts">
      {!p.verdicts.length ? (
        <Typography.Text type="secondary">{t('spending.detail.noVerdicts')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          {p.verdicts.map((v, i) => (
            <Flex key={i} gap={6} wrap align="center" data-testid="proposal-verdict">
              <Tag color={v.verdict === 'approve' ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>
                {t(`spending.detail.purpose.${v.purpose}`)} · {t(`spending.detail.verdict.${v.verdict}`)}
              </Tag>
              <Typography.Text>{v.by}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(v.at)}
              </Typography.Text>
              {v.note && <Typography.Text style={{ flexBasis: '100%', whiteSpace: 'pre-wrap' }}>{v.note}</Typography.Text>}
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
