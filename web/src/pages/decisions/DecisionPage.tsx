import { useCallback } from 'react';
import { Button, Flex, Result, Tabs, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Decision } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { DecisionDetails } from './DecisionDetails';
import { LifecycleActions } from './LifecycleActions';
import { PaperView } from './PaperView';
import { ProxyView } from './ProxyView';
import { ReceiptLookup } from './ReceiptLookup';
import { ResultsCard } from './ResultsCard';
import { RollView } from './RollView';
import { TurnoutView } from './TurnoutView';
import { VotePanel } from './VotePanel';
import { STATE_COLORS, canConvene, canOversee, canReadAttachments, decisionsPath } from './decisionsUtil';
import { useCommunityView } from './useCommunity';

const TABS = ['overview', 'turnout', 'roll', 'paper', 'proxies'] as const;
type Tab = (typeof TABS)[number];

/**
 * One decision: the notice with its items, the owner's own vote (phone first), the published
 * result with its four figures, the receipt lookup; for the committee the lifecycle and the
 * turnout, roll, paper ballots and proxies (the supervisor reads the first three).
 */
export default function DecisionPage() {
  const { t } = useTranslation();
  const { code = '', id: idParam = '' } = useParams();
  const id = Number(idParam);
  const [params, setParams] = useSearchParams();
  const { me, community: c, data: decision, gate } = useCommunityView(code, (internal, signal) => api.decision(code, id, internal, signal), [id]);
  const setTab = useCallback((tab: string) => setParams(tab === 'overview' ? {} : { tab }, { replace: true }), [setParams]);

  if (gate || !c) return gate;
  if (decision.error instanceof ApiError && decision.error.status === 404) return <NotFound code={code} message={decision.error.message} />;
  if (decision.error) return <ErrorAlert error={decision.error} onRetry={decision.reload} />;
  if (!decision.data) return <PageLoading />;

  const d = decision.data;
  const convener = canConvene(me, c);
  const overseer = canOversee(me, c);
  const opened = d.roll !== null;
  const allowed: Record<Tab, boolean> = {
    overview: true,
    turnout: overseer && opened,
    roll: overseer && opened,
    paper: overseer && opened,
    proxies: convener && (d.state === 'noticed' || d.state === 'voting'),
  };
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) && allowed[tabParam] ? tabParam : 'overview';
  const items = d.items.map((i) => ({ position: i.position, title: i.title }));
  const views: Record<Tab, () => React.ReactNode> = {
    overview: () => <Overview code={code} d={d} convener={convener} attachments={canReadAttachments(me, c)} onMoved={decision.reload} />,
    turnout: () => <TurnoutView code={code} decisionId={d.id} />,
    roll: () => <RollView code={code} decisionId={d.id} />,
    paper: () => <PaperView code={code} decisionId={d.id} items={items} canAct={convener} voting={d.state === 'voting'} />,
    proxies: () => <ProxyView code={code} decisionId={d.id} />,
  };
  const shown = TABS.filter((k) => allowed[k]);

  return (
    <Flex vertical gap={12} data-testid="decision-page" data-state={d.state}>
      <div>
        <Link to={decisionsPath(code)} style={{ fontSize: 13 }}>
          {localName(c)} · {t('decisions.back')}
        </Link>
        <Typography.Title level={3} style={{ margin: '4px 0' }} data-testid="decision-title">
          {d.title}
        </Typography.Title>
        <Flex wrap gap={4}>
          <Tag>{t(`decisions.kind.${d.kind}`)}</Tag>
          <Tag color={STATE_COLORS[d.state]} data-testid="decision-state">
            {t(`decisions.state.${d.state}`)}
          </Tag>
        </Flex>
      </div>
      {shown.length > 1 ? (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={shown.map((k) => ({ key: k, label: <span data-testid={`decision-tab-${k}`}>{t(`decisions.tabs.${k}`)}</span>, children: views[k]() }))}
        />
      ) : (
        views.overview()
      )}
    </Flex>
  );
}

function Overview({ code, d, convener, attachments, onMoved }: { code: string; d: Decision; convener: boolean; attachments: boolean; onMoved: () => void }) {
  const titleOf = (item: number) => d.items.find((i) => i.position === item)?.title ?? '';
  const cast = d.state !== 'draft' && d.state !== 'noticed' && d.state !== 'withdrawn';
  return (
    <Flex vertical gap={12}>
      {convener && <LifecycleActions code={code} decisionId={d.id} state={d.state} onMoved={onMoved} />}
      <DecisionDetails code={code} decision={d} showAttachments={attachments} />
      {d.state !== 'draft' && <VotePanel code={code} decision={d} />}
      {d.count && <ResultsCard code={code} decision={d} count={d.count} />}
      {cast && <ReceiptLookup code={code} decisionId={d.id} titleOf={titleOf} />}
    </Flex>
  );
}

function NotFound({ code, message }: { code: string; message: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('decisions.notFound')}
      subTitle={message}
      extra={
        <Link to={decisionsPath(code)}>
          <Button type="primary">{t('decisions.back')}</Button>
        </Link>
      }
    />
  );
}
