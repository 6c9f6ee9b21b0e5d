import { Suspense, lazy } from 'react';
import { Card, Col, Empty, Flex, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { bpText, formatCount } from '../../format';
import { formatBp } from '../billing/billingUtil';
import { openCount, useQualityAggregates, type QualityAggregates } from './useQualityAggregates';
import { useCategoryName } from './WorkOrderParts';

const QualityChart = lazy(() => import('./QualityCharts').then((m) => ({ default: m.QualityChart })));

/** The current month's figures: orders, open, overdue, SLA compliance. */
export function MonthFigures({ data }: { data: QualityAggregates }) {
  const { t } = useTranslation();
  const s = data.stats[data.stats.length - 1]!;
  return (
    <Row gutter={[16, 16]} data-testid="quality-month-figures">
      <Col xs={12} md={6}>
        <Statistic title={t('quality.dash.total', { month: s.month })} value={formatCount(s.total)} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('quality.dash.open')} value={formatCount(openCount(s))} data-testid="quality-open" />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('quality.dash.overdue')} value={formatCount(s.overdueCount)} styles={{ content: { color: s.overdueCount ? '#cf1322' : undefined } }} data-testid="quality-overdue" />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('quality.dash.compliance')} value={formatBp(s.sla.complianceBp) ?? '—'} styles={{ content: { color: '#1f6f5c' } }} data-testid="quality-compliance" />
      </Col>
    </Row>
  );
}

/** SLA compliance by month (line) with the month's order count (bars). */
export function ComplianceChart({ data, height }: { data: QualityAggregates; height?: number }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<PageLoading />}>
      <QualityChart
        testId="quality-compliance-chart"
        height={height}
        labels={data.months}
        series={[
          { name: t('quality.dash.orders'), type: 'bar', data: data.stats.map((s) => s.total), count: true },
          { name: t('quality.dash.compliance'), type: 'line', data: data.stats.map((s) => s.sla.complianceBp) },
        ]}
      />
    </Suspense>
  );
}

/** 服务质量: the public aggregates in full — SLA compliance, inspections, satisfaction by category, monthly scores. */
export function DashboardView({ code }: { code: string }) {
  const { t } = useTranslation();
  const category = useCategoryName();
  const { data, error, reload } = useQualityAggregates(code, 24);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const inspections = data.months.map((m) => data.inspections.find((i) => i.month === m) ?? null);
  const scores = data.months.map((m) => data.scores.find((s) => s.period === m) ?? null);
  const survey = data.survey;

  return (
    <Flex vertical gap={16} data-testid="quality-dashboard">
      <Card size="small">
        <MonthFigures data={data} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('quality.dash.complianceByMonth')}>
            <ComplianceChart data={data} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('quality.dash.scores')}>
            {scores.some((s) => s?.scoreBp !== null && s !== null) ? (
              <Suspense fallback={<PageLoading />}>
                <QualityChart
                  unit="分"
                  labels={data.months}
                  series={[
                    { name: t('quality.dash.score'), type: 'line', data: scores.map((s) => s?.scoreBp ?? null) },
                    { name: t('quality.dash.slaPart'), type: 'bar', data: scores.map((s) => s?.sla?.bp ?? null) },
                    { name: t('quality.dash.inspectionPart'), type: 'bar', data: scores.map((s) => s?.inspection?.bp ?? null) },
                    { name: t('quality.dash.satisfactionPart'), type: 'bar', data: scores.map((s) => s?.satisfaction?.bp ?? null) },
                  ]}
                />
              </Suspense>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.dash.noScores')} />
            )}
            {scores.map(
              (s) =>
                s &&
                s.deductionBp > 0 &&
                s.scoreBp !== null && (
                  <Typography.Text key={s.period} type="warning" style={{ display: 'block', fontSize: 13 }} data-testid="quality-deduction">
                    {t('quality.dash.deduction', { month: s.period, score: bpText(s.scoreBp), rate: bpText(s.deductionBp) })}
                  </Typography.Text>
                ),
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('quality.dash.inspections')}>
            {inspections.some(Boolean) ? (
              <Suspense fallback={<PageLoading />}>
                <QualityChart
                  unit="分"
                  labels={data.months}
                  series={[
                    { name: t('quality.dash.averageScore'), type: 'bar', data: inspections.map((i) => i?.averageBp ?? null) },
                    { name: t('quality.dash.inspectionCount'), type: 'line', data: inspections.map((i) => i?.inspections ?? 0), count: true },
                  ]}
                />
              </Suspense>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.dash.noInspections')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={survey ? t('quality.dash.satisfactionOf', { period: survey.period }) : t('quality.dash.satisfaction')}>
            {survey ? (
              <Flex vertical gap={8}>
                <Suspense fallback={<PageLoading />}>
                  <QualityChart
                    wrapLabels
                    labels={survey.categories.map((c) => category(c.category))}
                    series={[{ name: t('quality.dash.satisfaction'), type: 'bar', data: survey.categories.map((c) => c.scoreBp) }]}
                  />
                </Suspense>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('quality.dash.surveyNote', { households: survey.households })}
                </Typography.Text>
              </Flex>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.dash.noSurvey')} />
            )}
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('quality.dash.publicNote')}
      </Typography.Text>
    </Flex>
  );
}
