import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, type SeriesPoint } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatFen } from '../../format';
import { currentLang } from '../../i18n';

// only what this chart draws: bars, a line, axes, tooltip, legend, on canvas
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { income: '#1f6f5c', expense: '#d4862a', surplus: '#3a6fb0' };

/** Monthly income and expense over [from, to] as bars, with the surplus as a line. */
export default function IncomeExpenseChart({ code, from, to }: { code: string; from: string; to: string }) {
  const { t } = useTranslation();
  const { data, error, reload } = useRequest((signal) => api.series(code, from, to, signal), [code, from, to]);
  const option = useMemo(() => (data ? chartOption(data.items, t) : null), [data, t]);

  return (
    <Card size="small" title={t('ledger.chartTitle')} data-testid="ledger-chart">
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : !data || !option ? (
        <PageLoading />
      ) : data.items.every((p) => p.incomeFen === 0 && p.expenseFen === 0) ? (
        <Empty description={t('ledger.chartEmpty')} />
      ) : (
        <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300, width: '100%' }} opts={{ renderer: 'canvas' }} />
      )}
    </Card>
  );
}

/** Axis labels in yuan, shortened the way each language counts: 12万 / 120k. */
function axisYuan(v: number): string {
  if (currentLang() === 'en') return Math.abs(v) >= 1_000 ? `${v / 1_000}k` : String(v);
  return Math.abs(v) >= 10_000 ? `${v / 10_000}万` : String(v);
}

type T = TFunction;

function chartOption(items: SeriesPoint[], t: T) {
  // the axis shows yuan; the tooltip shows the exact fen amounts, formatted from the integers
  const yuan = (fen: number) => fen / 100;
  const names = { income: t('ledger.chartIncome'), expense: t('ledger.chartExpense'), surplus: t('ledger.chartSurplus') };
  return {
    color: [COLORS.income, COLORS.expense, COLORS.surplus],
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: [names.income, names.expense, names.surplus] },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const p = items[params[0]?.dataIndex ?? 0];
        if (!p) return '';
        return [
          `<b>${p.period}</b>`,
          `${names.income}: ${formatFen(p.incomeFen)}`,
          `${names.expense}: ${formatFen(p.expenseFen)}`,
          `${names.surplus}: ${formatFen(p.surplusFen)}`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: items.map((p) => p.period), axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: axisYuan },
    },
    series: [
      { name: names.income, type: 'bar', data: items.map((p) => yuan(p.incomeFen)), barMaxWidth: 18 },
      { name: names.expense, type: 'bar', data: items.map((p) => yuan(p.expenseFen)), barMaxWidth: 18 },
      { name: names.surplus, type: 'line', data: items.map((p) => yuan(p.surplusFen)), smooth: true, symbolSize: 4 },
    ],
  };
}
