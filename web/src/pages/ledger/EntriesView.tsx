import { Card, DatePicker, Empty, Flex, Grid, Input, List, Pagination, Select, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type AccountAmount, type LedgerEntry } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EntryLines, EntryVouchers, HashText, ReasonTag, ReversalLinks, SeqLink } from './EntryParts';
import { accountLabel, type ChartNames } from './names';

export interface EntryFilters {
  month: string;
  account: string;
  counterparty: string;
  page: number;
}

const PAGE_SIZE = 20;

interface Props {
  code: string;
  chart: ChartNames;
  accounts: AccountAmount[];
  showVouchers: boolean;
  signedIn: boolean;
  filters: EntryFilters;
  onChange: (change: Partial<EntryFilters>) => void;
}

/** The public ledger, newest first, with filters; a table on wide screens, cards on phones. */
export function EntriesView({ code, chart, accounts, showVouchers, signedIn, filters, onChange }: Props) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { month, account, counterparty, page } = filters;
  const { data, error, loading, reload } = useRequest(
    (signal) => api.entries(code, { period: month || undefined, account: account || undefined, counterparty: counterparty || undefined, page, pageSize: PAGE_SIZE }, signal),
    [code, month, account, counterparty, page],
  );

  return (
    <Flex vertical gap={12} data-testid="ledger-entries">
      <Flex gap={8} wrap>
        <DatePicker
          picker="month"
          placeholder={t('ledger.filterPeriod')}
          value={month ? dayjs(`${month}-01`) : null}
          onChange={(d) => onChange({ month: d ? d.format('YYYY-MM') : '', page: 1 })}
          style={{ width: 140 }}
          data-testid="entries-filter-month"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('ledger.allAccounts')}
          value={account || undefined}
          onChange={(v?: string) => onChange({ account: v ?? '', page: 1 })}
          options={accounts.map((a) => ({ value: a.code, label: accountLabel(a) }))}
          style={{ minWidth: 200, flex: '1 1 200px', maxWidth: 320 }}
          data-testid="entries-filter-account"
        />
        <Input.Search
          allowClear
          placeholder={t('ledger.filterCounterparty')}
          defaultValue={counterparty}
          key={counterparty}
          onSearch={(v) => onChange({ counterparty: v.trim(), page: 1 })}
          style={{ flex: '1 1 220px', maxWidth: 320 }}
          data-testid="entries-filter-counterparty"
        />
      </Flex>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : screens.md ? (
        <Table<LedgerEntry>
          size="small"
          rowKey="seq"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('ledger.noEntries')} /> }}
          onRow={(e) => ({ 'data-testid': 'entry-row', 'data-seq': e.seq }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, showTotal: (total) => t('ledger.total', { total }), onChange: (p) => onChange({ page: p }) }}
          columns={[
            { key: 'seq', title: t('ledger.seq'), width: 110, render: (_, e) => <Flex vertical><SeqLink code={code} seq={e.seq} /><Typography.Text type="secondary">{e.date}</Typography.Text></Flex> },
            {
              key: 'memo',
              title: t('ledger.memo'),
              render: (_, e) => (
                <Flex vertical gap={4}>
                  <Typography.Text>{e.memo}</Typography.Text>
                  <Flex wrap gap={4}>
                    <ReasonTag reason={e.reason} />
                    <ReversalLinks code={code} entry={e} />
                  </Flex>
                  {e.counterparty && (
                    <Typography.Text type="secondary" data-testid="entry-counterparty">
                      {t('ledger.counterparty')}: {e.counterparty}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            { key: 'lines', title: t('ledger.lines'), width: 340, render: (_, e) => <EntryLines entry={e} chart={chart} /> },
            { key: 'vouchers', title: t('ledger.vouchers'), width: 180, render: (_, e) => <EntryVouchers code={code} entry={e} showLinks={showVouchers} signedIn={signedIn} /> },
            { key: 'hash', title: t('ledger.hash'), width: 150, render: (_, e) => <HashText hash={e.hash} /> },
          ]}
        />
      ) : (
        <>
          <List
            loading={loading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description={t('ledger.noEntries')} /> }}
            renderItem={(e) => (
              <List.Item style={{ padding: '6px 0', border: 'none' }}>
                <EntryCard code={code} entry={e} chart={chart} showVouchers={showVouchers} signedIn={signedIn} />
              </List.Item>
            )}
          />
          {data && data.total > PAGE_SIZE && (
            <Pagination simple current={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => onChange({ page: p })} style={{ alignSelf: 'center' }} />
          )}
          {data && <Typography.Text type="secondary">{t('ledger.total', { total: data.total })}</Typography.Text>}
        </>
      )}
    </Flex>
  );
}

/** One entry as a card (phones, and the "find my payment" page). */
export function EntryCard({ code, entry: e, chart, showVouchers, signedIn }: { code: string; entry: LedgerEntry; chart: ChartNames | undefined; showVouchers: boolean; signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ width: '100%' }} data-testid="entry-row" data-seq={e.seq}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="center" gap={8}>
          <Flex gap={8} align="center">
            <SeqLink code={code} seq={e.seq} />
            <Typography.Text type="secondary">{e.date}</Typography.Text>
          </Flex>
          <ReasonTag reason={e.reason} />
        </Flex>
        <Typography.Text strong>{e.memo}</Typography.Text>
        {e.counterparty && (
          <Typography.Text type="secondary" data-testid="entry-counterparty">
            {t('ledger.counterparty')}: {e.counterparty}
          </Typography.Text>
        )}
        <EntryLines entry={e} chart={chart} />
        <Flex wrap gap={4}>
          <ReversalLinks code={code} entry={e} />
        </Flex>
        <Flex justify="space-between" align="flex-start" gap={8} wrap>
          {e.vouchers.length ? <EntryVouchers code={code} entry={e} showLinks={showVouchers} signedIn={signedIn} /> : <span />}
          <HashText hash={e.hash} />
        </Flex>
      </Flex>
    </Card>
  );
}
