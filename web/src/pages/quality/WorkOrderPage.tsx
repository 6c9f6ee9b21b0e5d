import { Card, Descriptions, Flex, Result, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type SignedIn, type WorkOrderDetail, type WorkOrderState } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { useRequest } from '../../components/useRequest';
import { formatDateTime } from '../../format';
import { canReadQueue, canWorkOrders, isHousehold, qualityPath } from './qualityUtil';
import { ResidentActions, TrusteeAction } from './WorkOrderActions';
import { AgeText, DueText, FlagTags, PhotoStrip, RatingView, SlaMark, StateTag, useCategoryName } from './WorkOrderParts';

export default function WorkOrderPage() {
  return <RequireSignIn>{(me) => <WorkOrderView me={me} />}</RequireSignIn>;
}

/** One order: what was reported, its SLA, its timeline with notes and photos, and the caller's next move. */
function WorkOrderView({ me }: { me: SignedIn }) {
  const { t } = useTranslation();
  const { code = '', id = '' } = useParams();
  const orderId = Number(id);
  const community = useRequest((signal) => api.community(code, signal), [code]);
  const order = useRequest((signal) => api.workOrder(code, orderId, signal), [code, orderId]);

  const failed = order.error ?? community.error;
  if (failed instanceof ApiError && failed.status === 404) return <Result status="404" title={t('quality.detail.notFound')} subTitle={failed.message} />;
  if (failed) return <ErrorAlert error={failed} onRetry={() => (order.reload(), community.reload())} />;
  if (!order.data || !community.data) return <PageLoading />;
  const o = order.data;
  const c = community.data;
  const back = isHousehold(me, c) && o.contact ? { to: '/me/work-orders', label: t('quality.mine.title') } : canReadQueue(me, c) ? { to: qualityPath(code), label: t('quality.title') } : null;

  return (
    <Flex vertical gap={12} data-testid="wo-detail" data-state={o.state}>
      <div>
        {back && <Link to={back.to}>{back.label}</Link>}
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="wo-title-view">
            {o.title}
          </Typography.Title>
          <Flex gap={4} wrap justify="end" style={{ flex: 'none', paddingTop: 4 }}>
            <FlagTags order={o} />
            <StateTag state={o.state} />
          </Flex>
        </Flex>
        <DueText order={o} />
      </div>
      {isHousehold(me, c) && o.contact && <ResidentActions code={code} order={o} onMoved={order.reload} />}
      {canWorkOrders(me, c) && <TrusteeAction code={code} order={o} onMoved={order.reload} block />}
      {o.rating !== null && (
        <Card size="small" title={t('quality.detail.rating')} styles={{ body: { padding: 12 } }}>
          <RatingView rating={o.rating} comment={o.ratingComment} />
        </Card>
      )}
      <Card size="small" styles={{ body: { padding: 12 } }}>
        <Details order={o} />
      </Card>
      <Card size="small" title={t('quality.detail.timeline')} styles={{ body: { padding: '16px 12px 0' } }}>
        <Timeline
          data-testid="wo-timeline"
          items={[...o.events].reverse().map((e, i) => ({
            key: i,
            color: e.to === 'closed' ? 'green' : e.to === 'cancelled' ? 'gray' : e.from === 'resolved' ? 'red' : 'blue',
            content: (
              <Flex vertical gap={4} data-testid="wo-event" data-to={e.to}>
                <Typography.Text strong>
                  {t(`quality.state.${e.to as WorkOrderState}`, { defaultValue: e.to })} · {t(`quality.actor.${e.actor}`)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)}
                </Typography.Text>
                {e.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text>}
                <PhotoStrip photos={e.photos} url={(p) => api.workOrderPhotoUrl(code, o.id, p)} />
              </Flex>
            ),
          }))}
        />
      </Card>
    </Flex>
  );
}

function Details({ order: o }: { order: WorkOrderDetail }) {
  const { t } = useTranslation();
  const category = useCategoryName();
  const due = (key: string, label: string, at: string | null, met: boolean | null) => ({
    key,
    label,
    children: (
      <Flex gap={6} wrap align="center">
        {formatDateTime(at)} <SlaMark met={met} />
      </Flex>
    ),
  });
  const items = [
    { key: 'no', label: t('quality.detail.no'), children: `#${o.id}` },
    { key: 'kind', label: t('quality.detail.kind'), children: `${t(`quality.kind.${o.kind}`)} · ${category(o.category)}` },
    { key: 'unit', label: t('quality.detail.unit'), children: o.unitCode ?? '—' },
    ...(o.location ? [{ key: 'location', label: t('quality.detail.location'), children: o.location }] : []),
    ...(o.description ? [{ key: 'description', label: t('quality.detail.description'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.description}</span> }] : []),
    {
      key: 'contact',
      label: t('quality.detail.contact'),
      children: o.contact ? [o.contact.name, o.contact.phone].filter(Boolean).join(' · ') || '—' : <Typography.Text type="secondary">{t('quality.detail.contactHidden')}</Typography.Text>,
    },
    ...(o.assignee ? [{ key: 'assignee', label: t('quality.detail.assignee'), children: o.assignee }] : []),
    { key: 'submitted', label: t('quality.detail.submitted'), children: formatDateTime(o.submittedAt) },
    { key: 'age', label: t('quality.detail.age'), children: <AgeText order={o} /> },
    due('response', t('quality.responseDue'), o.sla.responseDueAt, o.sla.responseMet),
    due('completion', t('quality.completionDue'), o.sla.completionDueAt, o.sla.completionMet),
    { key: 'sla', label: t('quality.detail.sla'), children: t(o.sla.calendar === 'working' ? 'quality.detail.slaWorking' : 'quality.detail.sla24x7', { response: o.sla.responseMinutes, completion: o.sla.completionMinutes }) },
  ];
  return <Descriptions size="small" column={1} items={items} data-testid="wo-details" />;
}
