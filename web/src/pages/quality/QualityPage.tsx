import { Flex, Result, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useRequest } from '../../components/useRequest';
import { useSession } from '../../session/SessionContext';
import { DashboardView } from './DashboardView';
import { InspectionsView } from './InspectionsView';
import { QueueView } from './QueueView';
import { StandardsView } from './StandardsView';
import { canInspect, canReadQueue, canSetStandards, canWorkOrders } from './qualityUtil';

const TABS = ['queue', 'dashboard', 'inspections', 'standards'] as const;
type Tab = (typeof TABS)[number];

/**
 * 服务质量: the work-order queue for the trustee (committee and supervisor read it), the public
 * dashboards and the service standards for everyone (a new version of them is the committee's), the
 * inspections for committee and supervisor. The tab lives in the URL.
 */
export default function QualityPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const community = useRequest((signal) => api.community(code, signal), [code]);

  if (community.error instanceof ApiError && community.error.status === 404) return <Result status="404" title={t('community.notFound')} subTitle={community.error.message} />;
  if (community.error) return <ErrorAlert error={community.error} onRetry={community.reload} />;
  if (!community.data || me === undefined) return <PageLoading />;

  const c = community.data;
  const allowed: Record<Tab, boolean> = { queue: canReadQueue(me, c), dashboard: true, inspections: canInspect(me, c), standards: true };
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) && allowed[tabParam] ? tabParam : allowed.queue ? 'queue' : 'dashboard';
  const views: Record<Tab, () => React.ReactNode> = {
    queue: () => <QueueView code={code} canAct={canWorkOrders(me, c)} />,
    dashboard: () => <DashboardView code={code} />,
    inspections: () => <InspectionsView code={code} />,
    standards: () => <StandardsView code={code} canEdit={canSetStandards(me, c)} />,
  };

  return (
    <Flex vertical gap={16} data-testid="quality-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('quality.title')}
        </Typography.Title>
        <Link to={`/c/${encodeURIComponent(code)}`}>{localName(c)}</Link>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('quality.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={TABS.filter((k) => allowed[k]).map((k) => ({ key: k, label: <span data-testid={`quality-tab-${k}`}>{t(`quality.tabs.${k}`)}</span>, children: tab === k ? views[k]() : null }))}
        destroyOnHidden
      />
    </Flex>
  );
}
