import { Suspense, lazy, useState } from 'react';
import { Alert, Card, Col, Empty, Flex, Row, Segmented, Select, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Collection, type CollectionFigure, type UnitKind } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatCount, formatFen } from '../../format';
import { formatBp, started } from './billingUtil';
import type { RateMode } from './CollectionCharts';

const TrendChart = lazy(() => import('./CollectionCharts').then((m) => ({ default: m.TrendChart })));
const AgingChart = lazy(() => import('./CollectionCharts').then((m) => ({ default: m.AgingChart })));

type Group = Collection['byBuilding'][number];

/**
 * 收缴率: the trend of the on-time (当期) and cumulative (累计) collection rates, the breakdown of a
 * period by building and unit kind, and the arrears aging. `internal` readers get the full
 * figures; everyone else the public aggregates, where groups under 5 units are not shown.
 */
export function CollectionView({ code, internal, period, onPeriod }: { code: string; internal: boolean; period: string | null; onPeriod: (p: string | null) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<RateMode>('units');
  const { data, error, loading, reload } = useRequest((signal) => api.collection(code, { period: period ?? undefined }, internal, signal), [code, period, internal]);

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  if (!data.trend.length) return <Empty description={t('collection.empty')} data-testid="collection-empty" />;

  const current = data.trend.find((p) => p.period === data.period) ?? data.trend[data.trend.length - 1]!;
  const rateOf = (f: CollectionFigure) => (mode === 'units' ? f.byUnitsBp : f.byAmountBp);
  const ontimeOf = (f: CollectionFigure) => (mode === 'units' ? f.ontimeByUnitsBp : f.ontimeByAmountBp);

  return (
    <Flex vertical gap={16} data-testid="collection" style={{ opacity: loading ? 0.6 : 1 }}>
      <Flex gap={8} wrap align="center">
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as RateMode)}
          options={[
            { value: 'units', label: t('collection.byUnits') },
            { value: 'amount', label: t('collection.byAmount') },
          ]}
          data-testid="collection-mode"
        />
        <Select
          value={data.period ?? undefined}
          onChange={(v: string) => onPeriod(v)}
          options={[...data.trend].reverse().map((p) => ({ value: p.period, label: p.period }))}
          style={{ width: 130 }}
          aria-label={t('collection.period')}
          data-testid="collection-period"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('collection.asOf', { date: data.asOf })}
        </Typography.Text>
      </Flex>
      {!internal && <Alert type="info" showIcon title={t('collection.publicNote', { min: data.minGroup })} />}

      <Card size="small" title={t('collection.periodTitle', { period: current.period })} data-testid="collection-summary">
        {current.suppressed ? (
          <Typography.Text type="secondary">{t('collection.suppressedCell', { min: data.minGroup })}</Typography.Text>
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('collection.ontimeRate')} value={formatBp(ontimeOf(current)) ?? '—'} data-testid="collection-ontime-rate" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('collection.cumulativeRate')} value={formatBp(rateOf(current)) ?? '—'} styles={{ content: { color: '#1f6f5c' } }} data-testid="collection-rate" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('collection.paidUnits')} value={`${formatCount(current.paidUnits)} / ${formatCount(current.billedUnits)}`} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('collection.paidAmount', { billed: formatFen(current.billedFen) })} value={formatFen(current.paidFen)} />
            </Col>
          </Row>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
          {t('collection.definitions')}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={mode === 'units' ? t('collection.trendUnits') : t('collection.trendAmount')} data-testid="collection-trend">
        <Suspense fallback={<PageLoading />}>
          <TrendChart trend={started(data)} mode={mode} minGroup={data.minGroup} />
        </Suspense>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <FigureTable title={t('collection.byBuilding', { period: data.period ?? '' })} rows={data.byBuilding} mode={mode} minGroup={data.minGroup} testId="collection-by-building" />
        </Col>
        <Col xs={24} lg={12}>
          <FigureTable
            title={t('collection.byKind', { period: data.period ?? '' })}
            rows={data.byKind.map((k) => ({ ...k, label: t(`kind.${k.key as UnitKind}`, { defaultValue: k.label }) }))}
            mode={mode}
            minGroup={data.minGroup}
            testId="collection-by-kind"
          />
        </Col>
      </Row>

      <Card size="small" title={t('collection.aging', { date: data.asOf })} data-testid="collection-aging">
        {data.aging.every((a) => !a.suppressed && !a.units) ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('collection.noArrears')} />
        ) : (
          <Suspense fallback={<PageLoading />}>
            <AgingChart aging={data.aging} mode={mode} minGroup={data.minGroup} />
          </Suspense>
        )}
        {data.aging.some((a) => a.suppressed) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('collection.agingSuppressed', { min: data.minGroup })}
          </Typography.Text>
        )}
      </Card>
    </Flex>
  );
}

/** Rates of the groups of one period; a suppressed group shows one cell saying why. */
function FigureTable({ title, rows, mode, minGroup, testId }: { title: string; rows: Group[]; mode: RateMode; minGroup: number; testId: string }) {
  const { t } = useTranslation();
  const span = 4;
  const hidden = (g: Group) => ({ colSpan: g.suppressed ? 0 : 1 });
  const columns: TableColumnsType<Group> = [
    { key: 'label', title: t('collection.group'), dataIndex: 'label', render: (l: string) => <span style={{ whiteSpace: 'nowrap' }}>{l}</span> },
    {
      key: 'units',
      title: t('collection.paidOfBilled'),
      align: 'right',
      onCell: (g) => ({ colSpan: g.suppressed ? span : 1 }),
      render: (_, g) =>
        g.suppressed ? (
          <Typography.Text type="secondary" data-testid="collection-suppressed">
            {t('collection.suppressedCell', { min: minGroup })}
          </Typography.Text>
        ) : mode === 'units' ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            {formatCount(g.paidUnits)} / {formatCount(g.billedUnits)}
          </span>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>
            {formatFen(g.paidFen)} / {formatFen(g.billedFen)}
          </span>
        ),
    },
    { key: 'ontime', title: t('collection.ontimeRate'), align: 'right', onCell: hidden, render: (_, g) => formatBp(mode === 'units' ? g.ontimeByUnitsBp : g.ontimeByAmountBp) ?? '—' },
    {
      key: 'rate',
      title: t('collection.cumulativeRate'),
      align: 'right',
      onCell: hidden,
      render: (_, g) => <Typography.Text strong>{formatBp(mode === 'units' ? g.byUnitsBp : g.byAmountBp) ?? '—'}</Typography.Text>,
    },
    { key: 'unpaid', title: t('collection.unpaid'), align: 'right', onCell: hidden, render: (_, g) => <span style={{ whiteSpace: 'nowrap' }}>{mode === 'units' ? formatCount(g.billedUnits - g.paidUnits) : formatFen(g.billedFen - g.paidFen)}</span> },
  ];
  return (
    <Card size="small" title={title} styles={{ body: { padding: 0 } }}>
      <Table<Group> data-testid={testId} size="small" rowKey="key" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} />
    </Card>
  );
}
