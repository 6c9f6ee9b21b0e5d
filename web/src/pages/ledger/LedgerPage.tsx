import { Suspense, lazy, useCallback, useMemo } from 'react';
import { Button, DatePicker, Flex, Result, Segmented, Tabs, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type DisclosureCalendar } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useSession } from '../../session/SessionContext';
import { StatementCard } from './StatementCard';
import { EntriesView, type EntryFilters } from './EntriesView';
import { CalendarView } from './CalendarView';
import { AccountsView } from './AccountsView';
import { VoucherViewsView } from './VoucherViewsView';
import { addMonths, canPostEntries, canPublish, canReadViewLog, canViewVouchers, currentPeriod, isOwnerIn } from './ledgerUtil';
import type { ChartNames } from './names';

const IncomeExpenseChart = lazy(() => import('./IncomeExpenseChart'));

const TABS = ['statement', 'entries', 'calendar', 'accounts', 'views'] as const;
type Tab = (typeof TABS)[number];
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The statement shown first: the latest closed month, else this month. */
function defaultPeriod(calendar: DisclosureCalendar | undefined): string {
  const closed = calendar?.items.filter((i) => i.closed).map((i) => i.period);
  return closed?.length ? closed[closed.length - 1]! : currentPeriod();
}

/** Public: the statement and chart, the ledger, the disclosure calendar, the accounts. State lives in the URL. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const community = useRequest((signal) => api.community(code, signal), [code]);
  const calendar = useRequest((signal) => api.calendar(code, signal), [code]);
  const accounts = useRequest((signal) => api.ledgerAccounts(code, signal), [code]);
  const chart: ChartNames = useMemo(() => new Map((accounts.data?.accounts ?? []).map((a) => [a.code, a])), [accounts.data]);

  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'statement';
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 1900 && yearParam <= 9999 ? yearParam : null;
  const periodParam = params.get('period');
  const period = periodParam && PERIOD.test(periodParam) ? periodParam : defaultPeriod(calendar.data);
  const filters: EntryFilters = {
    month: params.get('month') && PERIOD.test(params.get('month')!) ? params.get('month')! : '',
    account: params.get('account') ?? '',
    counterparty: params.get('counterparty') ?? '',
    page: Math.max(1, Number(params.get('page')) || 1),
  };

  const update = useCallback(
    (change: Record<string, string | number | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(change)) {
            if (v === null || v === '' || (k === 'page' && v === 1)) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const noLedger = calendar.error instanceof ApiError && calendar.error.status === 404;
  if (noLedger) return <Result status="404" title={t('ledger.noLedger')} subTitle={calendar.error?.message} />;
  if (community.error) return <ErrorAlert error={community.error} onRetry={community.reload} />;
  if (!community.data || (calendar.loading && !calendar.data)) return <PageLoading />;

  const c = community.data;
  const chartTo = year !== null ? (`${year}-12` < currentPeriod() ? `${year}-12` : currentPeriod()) : period;

  return (
    <Flex vertical gap={16} data-testid="ledger-page">
      <Flex justify="space-between" align="flex-start" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('ledger.title')}
          </Typography.Title>
          <Link to={`/c/${encodeURIComponent(code)}`}>{localName(c)}</Link>
        </div>
        <Flex gap={8} wrap>
          <a href={`/api/communities/${encodeURIComponent(code)}/ledger/export.json`} download data-testid="ledger-export-json" title={t('ledger.exportJsonHint')}>
            <Button icon={<DownloadOutlined />}>{t('ledger.exportJson')}</Button>
          </a>
          {isOwnerIn(me, code) && (
            <Link to="/me/payments">
              <Button icon={<SearchOutlined />} data-testid="ledger-find-my-payment">
                {t('ledger.findMyPayment')}
              </Button>
            </Link>
          )}
          {canPostEntries(me, code) && (
            <Link to={`/c/${encodeURIComponent(code)}/ledger/new`}>
              <Button type="primary" icon={<EditOutlined />} data-testid="ledger-new-entry">
                {t('ledger.newEntry')}
              </Button>
            </Link>
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('ledger.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'statement' ? null : key })}
        items={[
          {
            key: 'statement',
            label: <span data-testid="ledger-tab-statement">{t('ledger.tabStatement')}</span>,
            children: (
              <Flex vertical gap={16}>
                <Flex gap={8} wrap align="center">
                  <Segmented
                    data-testid="statement-mode"
                    value={year !== null ? 'year' : 'month'}
                    options={[
                      { value: 'month', label: t('ledger.month') },
                      { value: 'year', label: t('ledger.year') },
                    ]}
                    onChange={(v) => update(v === 'year' ? { year: Number(period.slice(0, 4)), period: null } : { year: null, period: year !== null ? `${year}-12` : period })}
                  />
                  {year !== null ? (
                    <DatePicker
                      picker="year"
                      allowClear={false}
                      value={dayjs(`${year}-01-01`)}
                      disabledDate={(d) => d.isAfter(dayjs(), 'year')}
                      onChange={(d) => d && update({ year: d.year() })}
                      data-testid="statement-year"
                    />
                  ) : (
                    <DatePicker
                      picker="month"
                      allowClear={false}
                      value={dayjs(`${period}-01`)}
                      disabledDate={(d) => d.isAfter(dayjs(), 'month')}
                      onChange={(d) => d && update({ period: d.format('YYYY-MM') })}
                      data-testid="statement-month"
                    />
                  )}
                </Flex>
                <StatementCard code={code} query={year !== null ? { year } : { period }} />
                <Suspense fallback={<PageLoading />}>
                  <IncomeExpenseChart code={code} from={addMonths(chartTo, -23)} to={chartTo} />
                </Suspense>
              </Flex>
            ),
          },
          {
            key: 'entries',
            label: <span data-testid="ledger-tab-entries">{t('ledger.tabEntries')}</span>,
            children: (
              <EntriesView
                code={code}
                chart={chart}
                accounts={accounts.data?.accounts ?? []}
                showVouchers={canViewVouchers(me, c)}
                signedIn={!!me?.account}
                filters={filters}
                onChange={(f) => update({ ...f, page: f.page ?? 1 })}
              />
            ),
          },
          {
            key: 'calendar',
            label: <span data-testid="ledger-tab-calendar">{t('ledger.tabCalendar')}</span>,
            children: calendar.error ? (
              <ErrorAlert error={calendar.error} onRetry={calendar.reload} />
            ) : (
              <CalendarView
                code={code}
                calendar={calendar.data!}
                onOpen={(p) => update({ tab: null, period: p, year: null })}
                canClose={canPostEntries(me, code)}
                canPublish={canPublish(me, code)}
                onChanged={() => {
                  calendar.reload();
                  accounts.reload();
                }}
              />
            ),
          },
          {
            key: 'accounts',
            label: <span data-testid="ledger-tab-accounts">{t('ledger.tabAccounts')}</span>,
            children: accounts.error ? (
              <ErrorAlert error={accounts.error} onRetry={accounts.reload} />
            ) : (
              <AccountsView data={accounts.data} loading={accounts.loading} onDrill={(account) => update({ tab: 'entries', account, month: null, counterparty: null, page: 1 })} />
            ),
          },
          ...(canReadViewLog(me, code)
            ? [
                {
                  key: 'views',
                  label: <span data-testid="ledger-tab-views">{t('ledger.tabViews')}</span>,
                  children: <VoucherViewsView code={code} />,
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}
