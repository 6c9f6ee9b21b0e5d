import { useMemo } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { formatBp } from '../billing/billingUtil';

// only what these charts draw: lines and bars, axes, tooltip, legend, on canvas
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = ['#1f6f5c', '#d4862a', '#3a7bd5', '#d9534f'];

export interface ChartSeries {
  name: string;
  type: 'line' | 'bar';
  /** basis points (shown as percent or points) or counts; null leaves a gap */
  data: (number | null)[];
  /** the series is a count on the right axis (default: bp on the left) */
  count?: boolean;
}

/**
 * The quality dashboards' one chart: categories along x (months or service categories), bp series
 * on a 0–100 left axis, counts on a right axis; `wrapLabels` shows every label, wrapped (category names). `unit` says how bp read: '%' (a rate) or '分' (points).
 */
export function QualityChart({ labels, series, unit = '%', height = 260, testId, wrapLabels = false }: { labels: string[]; series: ChartSeries[]; unit?: string; height?: number; testId?: string; wrapLabels?: boolean }) {
  const option = useMemo(() => {
    const hasCount = series.some((s) => s.count);
    const text = (bp: number) => (unit === '%' ? formatBp(bp) : `${formatBp(bp)!.slice(0, -1)}`);
    return {
      color: COLORS,
      grid: { left: 8, right: 8, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : undefined,
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: { dataIndex: number }[]) => {
          const i = params[0]?.dataIndex ?? 0;
          const lines = series.map((s) => {
            const v = s.data[i];
            return `${s.name}: ${v === null || v === undefined ? '—' : s.count ? String(v) : text(v)}`;
          });
          return [`<b>${labels[i] ?? ''}</b>`, ...lines].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: labels, axisLabel: wrapLabels ? { interval: 0, width: 56, overflow: 'break', lineHeight: 14 } : { hideOverlap: true } },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: unit === '%' ? '{value}%' : '{value}' } },
        ...(hasCount ? [{ type: 'value', min: 0, minInterval: 1, splitLine: { show: false } }] : []),
      ],
      series: series.map((s) => ({
        name: s.name,
        type: s.type,
        yAxisIndex: s.count ? 1 : 0,
        data: s.count ? s.data : s.data.map((v) => (v === null ? null : v / 100)),
        connectNulls: false,
        symbolSize: 5,
        barMaxWidth: 32,
      })),
    };
  }, [labels, series, unit, wrapLabels]);
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}
