import { Suspense, lazy } from 'react';
import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useRequest } from '../../components/useRequest';
import { PageLoading } from '../../components/PageLoading';
import { formatBp, started } from './billingUtil';

const TrendChart = lazy(() => import('./CollectionCharts').then((m) => ({ default: m.TrendChart })));

/** The community page's card: the latest collection rates and their trend, from the public aggregates. */
export function PublicCollectionCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const { data, error } = useRequest((signal) => api.collection(code, {}, false, signal), [code]);
  // the card is a summary: with no figures (or the server unreachable) it simply does not show
  if (error || !data || data.trend.length === 0) return null;
  const latest = data.trend.find((p) => p.period === data.period) ?? data.trend[data.trend.length - 1]!;
  const trend = started(data).slice(-24);
  const suppressed = t('collection.suppressedCell', { min: data.minGroup });

  return (
    <Card
      size="small"
      title={t('collection.publicTitle')}
      extra={<Link to={`/c/${encodeURIComponent(code)}/billing`}>{t('collection.details')}</Link>}
      data-testid="community-collection"
    >
      <Flex vertical gap={12}>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={8}>
            <Statistic title={t('collection.ontimeRateOf', { period: latest.period })} value={latest.suppressed ? suppressed : (formatBp(latest.ontimeByUnitsBp) ?? '—')} />
          </Col>
          <Col xs={12} md={8}>
            <Statistic
              title={t('collection.cumulativeRateOf', { period: latest.period })}
              value={latest.suppressed ? suppressed : (formatBp(latest.byUnitsBp) ?? '—')}
              styles={{ content: { color: '#1f6f5c' } }}
              data-testid="community-collection-rate"
            />
          </Col>
          <Col xs={24} md={8}>
            <Statistic title={t('collection.byAmountOf', { period: latest.period })} value={latest.suppressed ? suppressed : (formatBp(latest.byAmountBp) ?? '—')} />
          </Col>
        </Row>
        <Suspense fallback={<PageLoading />}>
          <TrendChart trend={trend} mode="units" height={220} minGroup={data.minGroup} />
        </Suspense>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('collection.publicNote', { min: data.minGroup })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
