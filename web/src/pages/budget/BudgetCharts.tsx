import { useMemo } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import type { ExecutionView } from '../../api';
import { formatFen } from '../../format';
import { currentLang } from '../../i18n';
import { axisYuan, cumulative, monthsReached } from './budgetUtil';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = ['#1f6f5c', '#d4862a', '#3a7bd5', '#d9534f'];

/**
 * The series are plotted in integer fen; axis ticks and tooltips are formatted from those
 * integers (formatFen, axisYuan), so no amount shown ever went through a float.
 */
function tooltip(labels: string[], series: { name: string; data: (number | null)[] }[]) {
  return {
    trigger: 'axis',
    confine: true,
    formatter: (params: { dataIndex: number }[]) => {
      const i = params[0]?.dataIndex ?? 0;
      return [`<b>${labels[i] ?? ''}</b>`, ...series.filter((s) => s.data[i] !== null && s.data[i] !== undefined).map((s) => `${s.name}: ${formatFen(s.data[i]!)}`)].join('<br/>');
    },
  };
}

/** Budget against actual per line: horizontal bars, one pair per line (names stay readable on a phone). */
export function LinesChart({ data }: { data: ExecutionView }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const rows = [...data.rows].reverse(); // the first line at the top
    const labels = rows.map((r) => `${r.code} ${r.name}`);
    const series = [
      { name: t('budget.execution.budget'), data: rows.map((r) => r.budgetFen) },
      { name: t('budget.execution.actual'), data: rows.map((r) => r.actualFen) },
    ];
    return {
      color: COLORS,
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: tooltip(labels, series),
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => axisYuan(v, currentLang()), hideOverlap: true } },
      yAxis: { type: 'category', data: labels, axisLabel: { width: 110, overflow: 'truncate' } },
      series: series.map((s) => ({ ...s, type: 'bar', barMaxWidth: 14, barGap: '10%' })),
    };
  }, [data, t]);
  return (
    <div data-testid="budget-lines-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 60 + data.rows.length * 38, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}

/** Month by month: the spending of each month as bars, the cumulative total and the budget spread evenly as lines. */
export function MonthlyChart({ data }: { data: ExecutionView }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const labels = Array.from({ length: 12 }, (_, i) => t('budget.execution.month', { m: i + 1 }));
    const monthly = data.totals.months.map((v, i) => v + (data.unbudgeted.months[i] ?? 0));
    const reached = monthsReached(data.year, data.asOf);
    // the budget spread evenly: whole fen, the year's total reached exactly in December
    const pace = labels.map((_, i) => Math.trunc((data.totals.budgetFen * (i + 1)) / 12));
    const series = [
      { name: t('budget.execution.monthly'), type: 'bar', data: monthly },
      // the running total stops at the month the ledger has reached (no flat line into the future)
      { name: t('budget.execution.cumulative'), type: 'line', data: cumulative(monthly).map((v, i) => (i < reached ? v : null)) },
      { name: t('budget.execution.pace'), type: 'line', data: pace },
    ];
    return {
      color: COLORS,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: tooltip(labels, series),
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => axisYuan(v, currentLang()) } },
      series: series.map((s) => (s.type === 'bar' ? { ...s, barMaxWidth: 20 } : { ...s, symbolSize: 5, lineStyle: s.name === t('budget.execution.pace') ? { type: 'dashed' } : undefined })),
    };
  }, [data, t]);
  return (
    <div data-testid="budget-monthly-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}
