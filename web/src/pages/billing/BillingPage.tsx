import { useCallback } from 'react';
import { Flex, Result, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useSession } from '../../session/SessionContext';
import { ArrearsView } from './ArrearsView';
import { BankView } from './BankView';
import { CollectionView } from './CollectionView';
import { PaymentsView } from './PaymentsView';
import { RunsView } from './RunsView';
import { SchedulesView } from './SchedulesView';
import { SettingsView } from './SettingsView';
import { canCollect, canEditBillingSettings, canReadArrears, canReadInternalCollection, canSetFees } from './billingUtil';

const TABS = ['collection', 'arrears', 'runs', 'payments', 'bank', 'schedules', 'settings'] as const;
type Tab = (typeof TABS)[number];
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/;

/**
 * 物业费收缴: the collection figures and the fee schedules for everyone (public aggregates), and
 * for the committee and trustee the arrears, bill runs, payments, bank reconciliation and
 * settings — only the tabs the caller's roles allow. Tab and period live in the URL.
 */
export default function BillingPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const community = useRequest((signal) => api.community(code, signal), [code]);

  const update = useCallback(
    (change: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(change)) {
            if (v === null || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  if (community.error instanceof ApiError && community.error.status === 404) return <Result status="404" title={t('community.notFound')} subTitle={community.error.message} />;
  if (community.error) return <ErrorAlert error={community.error} onRetry={community.reload} />;
  if (!community.data || me === undefined) return <PageLoading />;

  const c = community.data;
  const staff = canReadArrears(me, c);
  const collector = canCollect(me, c);
  const allowed: Record<Tab, boolean> = {
    collection: true,
    arrears: staff,
    runs: staff,
    payments: collector,
    bank: staff,
    schedules: true,
    settings: canEditBillingSettings(me, c),
  };
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) && allowed[tabParam] ? tabParam : 'collection';
  const periodParam = params.get('period');
  const period = periodParam && PERIOD.test(periodParam) ? periodParam : null;

  const views: Record<Tab, () => React.ReactNode> = {
    collection: () => <CollectionView code={code} internal={canReadInternalCollection(me, c)} period={period} onPeriod={(p) => update({ period: p })} />,
    arrears: () => <ArrearsView code={code} canSend={collector} />,
    runs: () => <RunsView code={code} canIssue={collector} />,
    payments: () => <PaymentsView code={code} />,
    bank: () => <BankView code={code} canAct={collector} />,
    schedules: () => <SchedulesView code={code} canAdd={canSetFees(me, c)} />,
    settings: () => <SettingsView code={code} />,
  };

  return (
    <Flex vertical gap={16} data-testid="billing-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('billing.title')}
        </Typography.Title>
        <Link to={`/c/${encodeURIComponent(code)}`}>{localName(c)}</Link>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('billing.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'collection' ? null : key })}
        destroyOnHidden
        items={TABS.filter((k) => allowed[k]).map((k) => ({
          key: k,
          label: <span data-testid={`billing-tab-${k}`}>{t(`billing.tabs.${k}`)}</span>,
          children: views[k](),
        }))}
      />
    </Flex>
  );
}
