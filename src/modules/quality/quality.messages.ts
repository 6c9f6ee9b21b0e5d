import { registerMessages } from '../../platform/i18n.js';

registerMessages({
  // working-hour calendars
  'quality.calendar_bad_weekday': { 'zh-CN': '工作日 {value} 不正确（1 表示周一，7 表示周日）', en: 'Working weekday {value} is invalid (1 = Monday … 7 = Sunday)' },
  'quality.calendar_no_workdays': { 'zh-CN': '工作日历至少要有一个工作日', en: 'A working calendar needs at least one working weekday' },
  'quality.calendar_no_hours': { 'zh-CN': '工作日历至少要有一个工作时段', en: 'A working calendar needs at least one period of working hours' },
  'quality.calendar_bad_time': { 'zh-CN': '工作时段 {value} 不正确（时间格式为 HH:MM，最晚 24:00）', en: 'Working hours {value} are invalid (times are HH:MM, at most 24:00)' },
  'quality.calendar_inverted_interval': { 'zh-CN': '工作时段 {value} 的结束时间必须晚于开始时间', en: 'Working hours {value} must end after they start' },
  'quality.calendar_overlapping_intervals': { 'zh-CN': '工作时段相互重叠：{value}', en: 'Working hours overlap: {value}' },
  'quality.calendar_bad_date': { 'zh-CN': '日期 {value} 不是有效的 YYYY-MM-DD 日期', en: 'The date {value} is not a valid YYYY-MM-DD date' },
  'quality.calendar_holiday_and_workday': { 'zh-CN': '{date} 不能既是节假日又是调休工作日', en: '{date} cannot be both a holiday and a make-up working day' },
  // work orders and SLAs
  'quality.bad_transition': { 'zh-CN': '工单不能从“{from}”变为“{to}”', en: 'A work order cannot move from {from} to {to}' },
  'quality.actor_not_allowed': { 'zh-CN': '您不能将工单从“{from}”变为“{to}”（可办理的是：{actors}）', en: 'You may not move a work order from {from} to {to} (who may: {actors})' },
  'quality.bad_rating': { 'zh-CN': '评价 {value} 不正确：请选择 1 至 5 分', en: 'Rating {value} is invalid: choose 1 to 5' },
  'quality.bad_sla': { 'zh-CN': '服务时限不正确（响应 {response} 分钟，完成 {completion} 分钟）：须为正整数分钟，且响应时限不长于完成时限', en: 'Invalid SLA (response {response} min, completion {completion} min): whole positive minutes, the response no longer than the completion' },
  // score and deduction
  'quality.bad_weights': { 'zh-CN': '评分权重 {value} 不正确：须为非负整数（万分比），合计 10000', en: 'Score weights {value} are invalid: non-negative basis points summing to 10000' },
  'quality.bad_sla_counts': { 'zh-CN': '工单时限统计不正确（应考核 {due} 单，达标 {met} 单）', en: 'Invalid SLA counts ({met} met of {due} due)' },
  'quality.bad_inspection_score': { 'zh-CN': '检查得分 {value} 不正确（0 至 10000，即 0 至 100 分）', en: 'Inspection score {value} is invalid (0 to 10000, i.e. 0 to 100 points)' },
  'quality.bad_deduction_rule': { 'zh-CN': '酬金扣减规则不正确（门槛 {threshold}，每分扣减 {perPoint}，上限 {cap}）：均须为 0 至 10000 的整数', en: 'Invalid deduction rule (threshold {threshold}, per point {perPoint}, cap {cap}): each a whole number 0 to 10000' },
  // catalogue
  'quality.catalogue_bad_code': { 'zh-CN': '标准编号 {code} 不正确（字母、数字、- 或 _，不超过 32 个字符）', en: 'Standard code {code} is invalid (letters, digits, - or _, at most 32 characters)' },
  'quality.catalogue_duplicate_code': { 'zh-CN': '标准编号 {code} 重复', en: 'Standard code {code} is used twice' },
  'quality.catalogue_missing_text': { 'zh-CN': '标准 {code} 缺少名称、承诺、考核指标或佐证材料', en: 'Standard {code} lacks a name, commitment, metric or evidence' },
  'quality.catalogue_bad_frequency': { 'zh-CN': '标准 {code} 的频次不正确', en: 'Standard {code} has an invalid frequency' },
});
