import { useMemo } from 'react';
import { Card, Descriptions, Flex, Result, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/SessionContext';
import { EntryLines, EntryVouchers, ReasonTag, ReversalLinks } from './EntryParts';
import { canViewVouchers } from './ledgerUtil';
import type { ChartNames } from './names';

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
            ...(e.budgetLine ? [{ key: 'budget', label: t('ledger.budgetLine'), children: e.budgetLine }] : []),
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
