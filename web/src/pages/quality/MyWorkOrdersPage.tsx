import { useState } from 'react';
import { Button, Card, Empty, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type MyWorkOrder } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { formatDateTime } from '../../format';
import { workOrderPath } from './qualityUtil';
import { OpenSurveys } from './SurveyCard';
import { DueText, FlagTags, RatingView, StateTag, useCategoryName } from './WorkOrderParts';

/** Orders shown (newest first) before 显示全部: the history can be long. */
const SHOWN = 20;

export default function MyWorkOrdersPage() {
  return <RequireSignIn>{() => <MyWorkOrders />}</RequireSignIn>;
}

/** 我的报修: the orders of my households, newest first, each opening its detail; a button to file a new one. */
function MyWorkOrders() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.myWorkOrders(signal), []);
  const [all, setAll] = useState(false);

  return (
    <Flex vertical gap={16} data-testid="my-work-orders">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('quality.mine.title')}
        </Typography.Title>
        <Link to="/me/work-orders/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="wo-new">
            {t('quality.mine.new')}
          </Button>
        </Link>
      </Flex>
      <OpenSurveys />
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : !data?.length ? (
        <Empty description={t('quality.mine.empty')} />
      ) : (
        <Flex vertical gap={10}>
          {(all ? data : data.slice(0, SHOWN)).map((o) => (
            <OrderRow key={`${o.community.code}-${o.id}`} order={o} />
          ))}
          {!all && data.length > SHOWN && (
            <Button type="link" onClick={() => setAll(true)} data-testid="wo-show-all">
              {t('quality.mine.showAll', { count: data.length })}
            </Button>
          )}
        </Flex>
      )}
    </Flex>
  );
}

function OrderRow({ order: o }: { order: MyWorkOrder }) {
  const { t } = useTranslation();
  const category = useCategoryName();
  return (
    <Link to={workOrderPath(o.community.code, o.id)} style={{ color: 'inherit' }} data-testid="wo-row" data-id={o.id} data-state={o.state}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={4}>
          <Flex justify="space-between" align="start" gap={8}>
            <Typography.Text strong style={{ fontSize: 15 }} data-testid="wo-row-title">
              {o.title}
            </Typography.Text>
            <Flex gap={4} wrap justify="end" style={{ flex: 'none' }}>
              <FlagTags order={o} />
              <StateTag state={o.state} />
            </Flex>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(`quality.kind.${o.kind}`)} · {category(o.category)} · {o.community.name} {o.unitCode ?? ''}
          </Typography.Text>
          <Flex justify="space-between" gap={8} wrap>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('quality.submittedAt', { time: formatDateTime(o.submittedAt) })}
            </Typography.Text>
            <DueText order={o} />
          </Flex>
          {o.state === 'resolved' && (
            <Typography.Text type="warning" style={{ fontSize: 13 }}>
              {t('quality.mine.toConfirm')}
            </Typography.Text>
          )}
          {o.rating !== null && <RatingView rating={o.rating} />}
        </Flex>
      </Card>
    </Link>
  );
}
