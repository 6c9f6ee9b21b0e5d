import { useMemo } from 'react';
import { Card, Descriptions, Flex, Result, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type LedgerEntry } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/SessionContext';
import { EntryLines, EntryVouchers, ReasonTag, ReversalLinks } from './EntryParts';
import { canViewVouchers } from './ledgerUtil';
import type { ChartNames } from './names';
import { budgetPath, proposalPath } from '../budget/budgetUtil';
import { decisionPath } from '../decisions/decisionsUtil';

/** One entry in full: lines, vouchers, both hashes of its link in the chain, the reversal links. */
export default function EntryPage() {
  const { t } = useTranslation();
  const { code = '', seq = '' } = useParams();
  const { me } = useSession();
  const entry = useRequest((signal) => api.entry(code, Number(seq), signal), [code, seq]);
  const community = useRequest((signal) => api.community(code, signal), [code]);
  const accounts = useRequest((signal) => api.ledgerAccounts(code, signal), [code]);
  const chart: ChartNames = useMemo(() => new Map((accounts.data?.accounts ?? []).map((a) => [a.code, a])), [accounts.data]);
  const ledgerPath = `/c/${encodeURIComponent(code)}/ledger?tab=entries`;

  if (entry.error instanceof ApiError && entry.error.status === 404) return <Result status="404" title={entry.error.message} extra={<Link to={ledgerPath}>{t('entryForm.viewLedger')}</Link>} />;
  if (entry.error) return <ErrorAlert error={entry.error} onRetry={entry.reload} />;
  const e = entry.data;
  if (!e) return <PageLoading />;
  const proposalId = Number(e.refs.proposal) || null;

  return (
    <Flex vertical gap={16} data-testid="entry-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          #{e.seq} {e.memo}
        </Typography.Title>
        <Link to={ledgerPath}>{t('ledger.title')}</Link>
      </div>
      <Card size="small">
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'date', label: t('ledger.date'), children: e.date },
            {
              key: 'reason',
              label: t('ledger.reason'),
              children: (
                <Flex wrap gap={4}>
                  <ReasonTag reason={e.reason} />
                  <ReversalLinks code={code} entry={e} />
                </Flex>
              ),
            },
            { key: 'counterparty', label: t('ledger.counterparty'), children: e.counterparty ?? '—' },
            ...(e.budgetLine || proposalId ? [{ key: 'budget', label: t('ledger.budgetLine'), children: <BudgetTrace code={code} entry={e} /> }] : []),
            { key: 'lines', label: t('ledger.lines'), children: <div style={{ width: '100%', maxWidth: 420 }}><EntryLines entry={e} chart={chart} /></div> },
            {
              key: 'vouchers',
              label: t('ledger.vouchers'),
              children: <EntryVouchers code={code} entry={e} showLinks={!!community.data && canViewVouchers(me, community.data)} signedIn={!!me?.account} />,
            },
            { key: 'recorded', label: t('ledger.recordedAt'), children: formatDateTime(e.recordedAt) },
            { key: 'prev', label: t('ledger.prevHash'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>{e.prevHash}</Typography.Text> },
            { key: 'hash', label: t('ledger.hash'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }} data-testid="entry-hash">{e.hash}</Typography.Text> },
          ]}
        />
      </Card>
    </Flex>
  );
}

/**
 * 预算科目 of an expense, and where it came from when posted from a 支出申请 (refs `proposal`,
 * `budgetYear`, `budgetLine`, `decision`): the proposal (its approval trail and quotes), the
 * budget year's execution, the owners' decision — so anyone can trace the expense back.
 */
function BudgetTrace({ code, entry }: { code: string; entry: LedgerEntry }) {
  const { t } = useTranslation();
  const proposal = Number(entry.refs.proposal) || null;
  const year = Number(entry.refs.budgetYear) || null;
  const decision = Number(entry.refs.decision) || null;
  return (
    <Flex vertical gap={4} data-testid="entry-budget-trace">
      {entry.budgetLine && <Typography.Text data-testid="entry-budget-line">{entry.budgetLine}</Typography.Text>}
      {proposal !== null && (
        <Flex wrap gap={4}>
          <Link to={proposalPath(code, proposal)} data-testid="entry-proposal-link">
            <Tag color="orange">{t('ledger.proposalValue', { id: proposal })}</Tag>
          </Link>
          {year !== null && (
            <Link to={budgetPath(code, year, 'execution')} data-testid="entry-budget-link">
              <Tag color="green">{t('ledger.budgetYear', { year })}</Tag>
            </Link>
          )}
          {decision !== null && (
            <Link to={decisionPath(code, decision)} data-testid="entry-decision-link">
              <Tag color="purple">{t('ledger.approvalDecision', { id: decision })}</Tag>
            </Link>
          )}
        </Flex>
      )}
      {proposal !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ledger.traceHint')}
        </Typography.Text>
      )}
    </Flex>
  );
}
