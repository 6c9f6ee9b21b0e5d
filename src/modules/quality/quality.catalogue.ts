/**
 * The default catalogue of service standards (DESIGN §2.6): what the trustee commits to, how it
 * is measured, how often, and what evidence an inspection expects — the schedule of a trust
 * contract, which a community copies and edits. Modelled on common residential property service
 * standards (the 普通住宅小区物业管理服务等级标准 grades and typical local 物业服务规范): figures
 * are defaults of this product, not quotations of any one standard.
 *
 * Codes are stable (inspections, work orders and published scores refer to them); a changed
 * commitment keeps its code, a new one gets a new code, a retired code is never reused.
 * SLA minutes on the 'working' calendar count the community's service hours (default 8 a day,
 * so 480 working minutes = one working day); '24x7' counts every minute.
 */
import './quality.messages.js';
import { ValidationError } from '../../platform/errors.js';
import { type SlaTarget, assertSla } from './quality.rules.js';

export type Frequency =
  | { kind: 'interval'; every: number; unit: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' }
  /** each time it happens (a work order, a fault, a visitor) */
  | { kind: 'per_event' }
  /** at all times (a standing condition) */
  | { kind: 'continuous' };

export interface StandardItem {
  code: string;
  commitment: string;
  commitmentEn: string;
  metric: string;
  metricEn: string;
  frequency: Frequency;
  evidence: string;
  evidenceEn: string;
}

export interface StandardCategory {
  code: string;
  name: string;
  nameEn: string;
  /** work orders of the category */
  sla: SlaTarget;
  /** urgent orders (急修: a burst pipe, people trapped in a lift), when the category has them */
  urgentSla?: SlaTarget;
  items: readonly StandardItem[];
}

const daily = { kind: 'interval', every: 1, unit: 'day' } as const;
const weekly = { kind: 'interval', every: 1, unit: 'week' } as const;
const monthly = { kind: 'interval', every: 1, unit: 'month' } as const;
const perEvent = { kind: 'per_event' } as const;

export const DEFAULT_CATALOGUE: readonly StandardCategory[] = [
  {
    code: 'cleaning',
    name: '清洁卫生',
    nameEn: 'Cleaning',
    sla: { responseMinutes: 30, completionMinutes: 240, calendar: 'working' },
    items: [
      { code: 'CLN-01', commitment: '楼道、楼梯每日清扫一次，每周拖洗一次', commitmentEn: 'Corridors and stairs swept daily, mopped weekly', metric: '无垃圾、无积尘、无污渍', metricEn: 'No litter, dust or stains', frequency: daily, evidence: '保洁记录表、抽查照片', evidenceEn: 'Cleaning log, spot-check photos' },
      { code: 'CLN-02', commitment: '生活垃圾日产日清，垃圾桶每日清洗', commitmentEn: 'Household waste removed the day it is produced; bins washed daily', metric: '垃圾不过夜，桶身无异味、无满溢', metricEn: 'No waste left overnight; bins clean and not overflowing', frequency: daily, evidence: '清运记录、垃圾点照片', evidenceEn: 'Collection log, photos of the collection points' },
      { code: 'CLN-03', commitment: '道路、广场等公共区域每日清扫两次', commitmentEn: 'Roads, squares and other common areas swept twice a day', metric: '地面无明显垃圾、无积水', metricEn: 'No visible litter or standing water', frequency: { kind: 'interval', every: 12, unit: 'hour' }, evidence: '保洁记录表、巡查照片', evidenceEn: 'Cleaning log, patrol photos' },
      { code: 'CLN-04', commitment: '电梯轿厢每日清洁，每月消毒', commitmentEn: 'Lift cars cleaned daily and disinfected monthly', metric: '轿厢无污渍、无异味，消毒记录完整', metricEn: 'Cars clean and odourless; disinfection records complete', frequency: daily, evidence: '清洁和消毒记录', evidenceEn: 'Cleaning and disinfection records' },
      { code: 'CLN-05', commitment: '每季度灭鼠、灭蟑、灭蚊蝇一次', commitmentEn: 'Pest control (rodents, cockroaches, mosquitoes and flies) every quarter', metric: '公共区域无明显虫害', metricEn: 'No visible pests in common areas', frequency: { kind: 'interval', every: 1, unit: 'quarter' }, evidence: '消杀记录、药剂购买凭证', evidenceEn: 'Pest-control records, receipts for the agents used' },
    ],
  },
  {
    code: 'security',
    name: '秩序维护（安保）',
    nameEn: 'Order and security',
    sla: { responseMinutes: 10, completionMinutes: 120, calendar: '24x7' },
    items: [
      { code: 'SEC-01', commitment: '出入口 24 小时值守，外来人员和车辆登记', commitmentEn: 'Entrances staffed around the clock; visitors and vehicles registered', metric: '岗位无脱岗，登记完整', metricEn: 'Posts never left unattended; registers complete', frequency: { kind: 'continuous' }, evidence: '值班记录、访客登记、监控录像', evidenceEn: 'Duty log, visitor register, CCTV footage' },
      { code: 'SEC-02', commitment: '每 2 小时巡逻一次，重点部位打卡', commitmentEn: 'Patrol every 2 hours, checking in at key points', metric: '巡更点打卡率 100%', metricEn: 'All patrol checkpoints logged', frequency: { kind: 'interval', every: 2, unit: 'hour' }, evidence: '巡更系统记录', evidenceEn: 'Patrol system records' },
      { code: 'SEC-03', commitment: '监控中心 24 小时值班，录像保存不少于 30 日', commitmentEn: 'Monitoring room staffed around the clock; footage kept at least 30 days', metric: '监控无盲区故障，录像可调阅', metricEn: 'No camera out of order; footage retrievable', frequency: { kind: 'continuous' }, evidence: '值班记录、录像调阅测试', evidenceEn: 'Duty log, footage retrieval test' },
      { code: 'SEC-04', commitment: '接到警情 5 分钟内到达现场', commitmentEn: 'On site within 5 minutes of an alarm', metric: '到场时间', metricEn: 'Time to arrive', frequency: perEvent, evidence: '警情处置记录', evidenceEn: 'Incident log' },
      { code: 'SEC-05', commitment: '消防通道保持畅通，每月检查消防设施', commitmentEn: 'Fire lanes kept clear; fire equipment checked monthly', metric: '通道无占用，设施完好有效', metricEn: 'Lanes unobstructed; equipment in working order', frequency: monthly, evidence: '消防检查记录、照片', evidenceEn: 'Fire-safety check records, photos' },
    ],
  },
  {
    code: 'greening',
    name: '绿化养护',
    nameEn: 'Landscaping',
    sla: { responseMinutes: 60, completionMinutes: 1440, calendar: 'working' },
    items: [
      { code: 'GRN-01', commitment: '草坪及时修剪，草高不超过 10 厘米', commitmentEn: 'Lawns mown in time, grass no higher than 10 cm', metric: '草高、杂草面积', metricEn: 'Grass height, area of weeds', frequency: { kind: 'interval', every: 2, unit: 'week' }, evidence: '养护记录、抽查照片', evidenceEn: 'Maintenance log, spot-check photos' },
      { code: 'GRN-02', commitment: '乔灌木每年修剪整形不少于 2 次', commitmentEn: 'Trees and shrubs pruned at least twice a year', metric: '无枯枝、无影响通行和采光的枝条', metricEn: 'No dead branches; none blocking paths or light', frequency: { kind: 'interval', every: 6, unit: 'month' }, evidence: '修剪记录、前后对比照片', evidenceEn: 'Pruning log, before-and-after photos' },
      { code: 'GRN-03', commitment: '按季节浇水、施肥、防治病虫害', commitmentEn: 'Watering, feeding and pest control as the season requires', metric: '植物长势良好，无大面积枯死', metricEn: 'Plants healthy; no large dead patches', frequency: weekly, evidence: '养护记录', evidenceEn: 'Maintenance log' },
      { code: 'GRN-04', commitment: '死株缺株 1 个月内补植', commitmentEn: 'Dead or missing plants replaced within a month', metric: '补植及时率', metricEn: 'Share replaced in time', frequency: perEvent, evidence: '补植记录、照片', evidenceEn: 'Replanting log, photos' },
    ],
  },
  {
    code: 'facilities',
    name: '设施设备',
    nameEn: 'Facilities and equipment',
    sla: { responseMinutes: 30, completionMinutes: 960, calendar: 'working' },
    urgentSla: { responseMinutes: 15, completionMinutes: 240, calendar: '24x7' },
    items: [
      { code: 'FAC-01', commitment: '工作时间内报修 30 分钟内响应，一般维修 2 个工作日内完成', commitmentEn: 'Repairs answered within 30 minutes in working hours; ordinary repairs done within 2 working days', metric: '响应及时率、完成及时率', metricEn: 'Share answered in time, share completed in time', frequency: perEvent, evidence: '工单系统记录、业主确认', evidenceEn: 'Work-order records, residents’ confirmations' },
      { code: 'FAC-02', commitment: '急修（水管爆裂、停电等）24 小时受理，15 分钟内响应，4 小时内处置', commitmentEn: 'Urgent repairs (burst pipes, power cuts) taken around the clock, answered within 15 minutes, dealt with within 4 hours', metric: '响应和处置时间', metricEn: 'Time to answer and to deal with it', frequency: perEvent, evidence: '工单系统记录、现场照片', evidenceEn: 'Work-order records, site photos' },
      { code: 'FAC-03', commitment: '电梯困人 30 分钟内到场救援，电梯故障 24 小时内修复', commitmentEn: 'Rescue on site within 30 minutes when people are trapped in a lift; lift faults repaired within 24 hours', metric: '到场时间、修复时间', metricEn: 'Time to arrive, time to repair', frequency: perEvent, evidence: '救援记录、维保单位维修单', evidenceEn: 'Rescue records, the lift contractor’s repair sheets' },
      { code: 'FAC-04', commitment: '电梯每 15 日维护保养一次，年检合格', commitmentEn: 'Lifts serviced every 15 days; annual inspection passed', metric: '保养记录完整，检验合格证在有效期内', metricEn: 'Service records complete; inspection certificate valid', frequency: { kind: 'interval', every: 15, unit: 'day' }, evidence: '维保记录、特种设备检验报告', evidenceEn: 'Service records, special-equipment inspection report' },
      { code: 'FAC-05', commitment: '供水、供电、消防、监控等设备每月巡检', commitmentEn: 'Water, power, fire and CCTV equipment inspected monthly', metric: '巡检完成率、设备完好率', metricEn: 'Inspections done, equipment in order', frequency: monthly, evidence: '巡检记录', evidenceEn: 'Inspection records' },
      { code: 'FAC-06', commitment: '二次供水水箱每半年清洗消毒一次，水质检测合格', commitmentEn: 'Water tanks cleaned and disinfected every six months; water quality tested', metric: '清洗记录、水质检测报告', metricEn: 'Cleaning records, water-quality report', frequency: { kind: 'interval', every: 6, unit: 'month' }, evidence: '清洗记录、检测报告', evidenceEn: 'Cleaning records, test report' },
    ],
  },
  {
    code: 'service',
    name: '客户服务',
    nameEn: 'Customer service',
    sla: { responseMinutes: 30, completionMinutes: 1440, calendar: 'working' },
    items: [
      { code: 'SVC-01', commitment: '服务中心工作时间有人接待，24 小时服务电话', commitmentEn: 'Service desk staffed in working hours; a 24-hour service line', metric: '接待和接听率', metricEn: 'Share of visits and calls answered', frequency: { kind: 'continuous' }, evidence: '值班表、来电记录', evidenceEn: 'Rota, call records' },
      { code: 'SVC-02', commitment: '投诉 1 个工作日内回复，3 个工作日内处理完毕并回访', commitmentEn: 'Complaints answered within one working day, settled within three and followed up', metric: '回复及时率、回访率', metricEn: 'Share answered in time, share followed up', frequency: perEvent, evidence: '投诉工单、回访记录', evidenceEn: 'Complaint orders, follow-up records' },
      { code: 'SVC-03', commitment: '每月公示收支、服务和工单情况', commitmentEn: 'Income, spending, services and work orders disclosed monthly', metric: '按时公示', metricEn: 'Disclosed on time', frequency: monthly, evidence: '公示记录和照片', evidenceEn: 'Disclosure records and photos' },
      { code: 'SVC-04', commitment: '每季度开展满意度调查，结果公示', commitmentEn: 'A satisfaction survey every quarter, results published', metric: '参与户数、满意度', metricEn: 'Households answering, satisfaction', frequency: { kind: 'interval', every: 1, unit: 'quarter' }, evidence: '调查结果、公示照片', evidenceEn: 'Survey results, photos of the notice' },
    ],
  },
];

/** The SLA for a work order of a category: the urgent one when the order is urgent and the category has it. */
export function workOrderSla(category: StandardCategory, urgent = false): SlaTarget {
  return urgent && category.urgentSla ? category.urgentSla : category.sla;
}

/** A community's catalogue: codes unique across categories and items, texts present, SLAs valid. */
export function assertCatalogue(catalogue: readonly StandardCategory[]): readonly StandardCategory[] {
  const codes = new Set<string>();
  const claim = (code: string) => {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) throw new ValidationError('quality.catalogue_bad_code', { code });
    if (codes.has(code)) throw new ValidationError('quality.catalogue_duplicate_code', { code });
    codes.add(code);
  };
  for (const c of catalogue) {
    claim(c.code);
    if (!c.name.trim()) throw new ValidationError('quality.catalogue_missing_text', { code: c.code });
    assertSla(c.sla);
    if (c.urgentSla) assertSla(c.urgentSla);
    for (const item of c.items) {
      claim(item.code);
      if (![item.commitment, item.metric, item.evidence].every((t) => t.trim())) throw new ValidationError('quality.catalogue_missing_text', { code: item.code });
      const f = item.frequency;
      if (f.kind === 'interval' && (!Number.isInteger(f.every) || f.every < 1)) throw new ValidationError('quality.catalogue_bad_frequency', { code: item.code });
    }
  }
  return catalogue;
}
