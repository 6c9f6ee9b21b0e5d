import { api, type InspectionMonth, type QualityScore, type SurveyResults, type WorkOrderStats } from '../../api';
import { useRequest, type RequestState } from '../../components/useRequest';
import { lastMonths } from './qualityUtil';

export interface QualityAggregates {
  months: string[];
  /** one per month of `months` */
  stats: WorkOrderStats[];
  inspections: InspectionMonth[];
  scores: QualityScore[];
  /** the latest survey with results (closed first, else the open one), if any */
  survey: SurveyResults | null;
}

/** The public aggregates of the last `n` months: work-order statistics, inspection averages, scores, the latest survey. */
export function useQualityAggregates(code: string, n: number): RequestState<QualityAggregates> {
  return useRequest(
    async (signal) => {
      const months = lastMonths(n);
      const from = months[0]!;
      const to = months[months.length - 1]!;
      const [stats, inspections, scores, surveys] = await Promise.all([
        Promise.all(months.map((m) => api.workOrderStats(code, m, signal))),
        api.inspectionMonthly(code, from, to, signal),
        api.qualityScores(code, from, to, signal),
        api.surveys(code, signal),
      ]);
      const latest = [...surveys].filter((s) => s.state !== 'upcoming').sort((a, b) => (a.state === b.state ? b.closesOn.localeCompare(a.closesOn) : a.state === 'closed' ? -1 : 1))[0];
      const survey = latest ? await api.surveyResults(code, latest.id, signal) : null;
      return { months, stats, inspections, scores, survey };
    },
    [code, n],
  );
}

/** Orders of the month not yet closed or cancelled. */
export const openCount = (s: WorkOrderStats) => s.byState.filter((b) => b.state !== 'closed' && b.state !== 'cancelled').reduce((sum, b) => sum + b.count, 0);
