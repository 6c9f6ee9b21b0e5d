import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Collection } from '../../api';
import { formatCount, formatFen } from '../../format';
import { currentLang } from '../../i18n';
import { formatBp } from './billingUtil';

// only what these charts draw: lines and bars, axes, tooltip, legend, on canvas
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type RateMode = 'units' | 'amount';
const COLORS = { ontime: '#d4862a', cumulative: '#1f6f5c', aging: ['#f0b429', '#e8833a', '#d9534f', '#8b1e3f'] };

/** Basis points → percent for the axis (a display value only; tooltips format the integers). */
const pct = (bp: number | null) => (bp === null ? null : bp / 100);

/** 当期收缴率 and 累计收缴率 over the periods, by units or by amount; suppressed periods leave a gap. */
export function TrendChart({ trend, mode, height = 300, minGroup = 5 }: { trend: Collection['trend']; mode: RateMode; height?: number; minGroup?: number }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const names = { ontime: t('collection.ontimeRate'), cumulative: t('collection.cumulativeRate') };
    const ontime = trend.map((p) => (mode === 'units' ? p.ontimeByUnitsBp : p.ontimeByAmountBp));
    const cumulative = trend.map((p) => (mode === 'units' ? p.byUnitsBp : p.byAmountBp));
    return {
      color: [COLORS.ontime, COLORS.cumulative],
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: [names.ontime, names.cumulative] },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: { dataIndex: number }[]) => {
          const i = params[0]?.dataIndex ?? 0;
          const p = trend[i];
          if (!p) return '';
          if (p.suppressed) return `<b>${p.period}</b><br/>${t('collection.suppressed', { min: minGroup })}`;
          const billed = mode === 'units' ? t('collection.tipUnits', { paid: formatCount(p.paidUnits), billed: formatCount(p.billedUnits) }) : t('collection.tipAmount', { paid: formatFen(p.paidFen), billed: formatFen(p.billedFen) });
          return [`<b>${p.period}</b>`, `${names.ontime}: ${formatBp(ontime[i] ?? null) ?? '—'}`, `${names.cumulative}: ${formatBp(cumulative[i] ?? null) ?? '—'}`, billed].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: trend.map((p) => p.period), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: (v: { min: number }) => (Number.isFinite(v.min) ? Math.max(0, Math.floor(v.min / 10) * 10) : 0), max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: names.ontime, type: 'line', data: ontime.map(pct), connectNulls: false, symbolSize: 5 },
        { name: names.cumulative, type: 'line', data: cumulative.map(pct), connectNulls: false, symbolSize: 5, lineStyle: { width: 3 } },
      ],
    };
  }, [trend, mode, minGroup, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} opts={{ renderer: 'canvas' }} />;
}

/** Arrears by age of the overdue bills: units or amount per bucket. */
export function AgingChart({ aging, mode, minGroup = 5 }: { aging: Collection['aging']; mode: RateMode; minGroup?: number }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const value = (a: Collection['aging'][number]) => (a.suppressed ? null : mode === 'units' ? a.units : a.arrearsFen === null ? null : a.arrearsFen / 100);
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: { dataIndex: number }[]) => {
          const a = aging[params[0]?.dataIndex ?? 0];
          if (!a) return '';
          if (a.suppressed) return `<b>${t('collection.bucketDays', { bucket: a.bucket })}</b><br/>${t('collection.suppressed', { min: minGroup })}`;
          return [`<b>${t('collection.bucketDays', { bucket: a.bucket })}</b>`, t('collection.agingUnits', { units: formatCount(a.units ?? 0), bills: formatCount(a.bills ?? 0) }), t('collection.agingAmount', { amount: formatFen(a.arrearsFen ?? 0) })].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: aging.map((a) => t('collection.bucketDays', { bucket: a.bucket })) },
      yAxis: {
        type: 'value',
        minInterval: mode === 'units' ? 1 : undefined,
        axisLabel: { formatter: (v: number) => (mode === 'units' ? String(v) : currentLang() === 'en' ? (v >= 1000 ? `${v / 1000}k` : String(v)) : v >= 10_000 ? `${v / 10_000}万` : String(v)) },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 40,
          data: aging.map((a, i) => ({ value: value(a), itemStyle: { color: COLORS.aging[i % COLORS.aging.length] } })),
        },
      ],
    };
  }, [aging, mode, minGroup, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 240, width: '100%' }} opts={{ renderer: 'canvas' }} />;
}
