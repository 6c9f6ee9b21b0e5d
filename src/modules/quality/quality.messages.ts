import { registerMessages } from '../../platform/i18n.js';
// the work orders' keys live beside them; importing them here keeps one entry point for the module's messages
import './workorders.messages.js';

registerMessages({
  // the standards catalogue's versions
  'quality.catalogue_in_past': { 'zh-CN': '新版服务标准的生效日期（{from}）不能早于今天', en: 'A new version of the standards cannot take effect in the past ({from})' },
  'quality.catalogue_contract_ref': { 'zh-CN': '请填写新版服务标准所依据的合同或补充协议（不超过 300 字）', en: 'Name the contract or amendment the new standards belong to (up to 300 characters)' },
  'quality.catalogue_empty': { 'zh-CN': '服务标准至少要有一个类别', en: 'The standards need at least one category' },
  'quality.catalogue_exists': { 'zh-CN': '{from} 起生效的服务标准已经存在', en: 'Standards effective from {from} exist already' },
  // inspection findings → work orders
  'quality.inspection_not_submitted': { 'zh-CN': '巡查记录 {id} 尚未提交，提交后才能转为整改工单', en: 'Inspection {id} is not submitted yet: findings become work orders once it is' },
  'quality.finding_empty': { 'zh-CN': '巡查项 {code} 没有发现的问题，无需整改', en: 'Item {code} has no finding to fix' },
  'quality.finding_filed': { 'zh-CN': '巡查项 {code} 已转为整改工单', en: 'The finding of item {code} is a work order already' },
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
  // inspections (inspections.service.ts)
  'quality.inspection_not_found': { 'zh-CN': '检查记录 {id} 不存在', en: 'Inspection {id} was not found' },
  'quality.inspection_submitted': { 'zh-CN': '检查记录 {id} 已提交，不能再修改', en: 'Inspection {id} has been submitted and can no longer change' },
  'quality.inspection_not_yours': { 'zh-CN': '检查记录 {id} 由其他检查人填写，只有本人可以修改或提交', en: 'Inspection {id} belongs to another inspector: only they may change or submit it' },
  'quality.inspection_empty': { 'zh-CN': '检查记录 {id} 还没有评分项目，不能提交', en: 'Inspection {id} has no scored items and cannot be submitted' },
  'quality.inspection_future': { 'zh-CN': '检查日期 {date} 晚于今天', en: 'The inspection date {date} is after today' },
  'quality.unknown_item': { 'zh-CN': '标准 {code} 不在第 {version} 版服务标准中', en: 'Standard {code} is not in version {version} of the service standards' },
  'quality.text_too_long': { 'zh-CN': '文字过长或含有不可保存的字符（最多 {max} 个字符）', en: 'The text is too long or contains characters that cannot be stored (at most {max} characters)' },
  'quality.bad_date': { 'zh-CN': '日期 {value} 不是有效的 YYYY-MM-DD 日期', en: 'The date {value} is not a valid YYYY-MM-DD date' },
  'quality.bad_range': { 'zh-CN': '月份范围 {from} 至 {to} 不正确（最多 {max} 个月）', en: 'The months {from} to {to} are not a valid range (at most {max} months)' },
  'quality.inspection_photo_not_found': { 'zh-CN': '该检查记录中没有此照片', en: 'The inspection has no such photo' },
  // surveys (surveys.service.ts)
  'quality.survey_not_found': { 'zh-CN': '满意度调查 {id} 不存在', en: 'Survey {id} was not found' },
  'quality.survey_exists': { 'zh-CN': '{period} 的满意度调查已经存在', en: 'A survey for {period} exists already' },
  'quality.bad_survey_period': { 'zh-CN': '调查期间 {value} 不正确（如 2026-Q1 或 2026-03）', en: 'The survey period {value} is invalid (e.g. 2026-Q1 or 2026-03)' },
  'quality.survey_bad_dates': { 'zh-CN': '调查截止日期 {closesOn} 早于开始日期 {opensOn}', en: 'The survey closes ({closesOn}) before it opens ({opensOn})' },
  'quality.survey_no_categories': { 'zh-CN': '调查至少要有一个服务类别，且不能重复', en: 'A survey needs at least one service category, each once' },
  'quality.survey_not_open': { 'zh-CN': '该调查 {opensOn} 开始，尚未开放', en: 'The survey opens on {opensOn}: not yet open' },
  'quality.survey_closed': { 'zh-CN': '该调查已于 {closesOn} 截止', en: 'The survey closed on {closesOn}' },
  'quality.survey_no_ratings': { 'zh-CN': '请至少对一个服务类别评分', en: 'Rate at least one service category' },
  'quality.survey_bad_category': { 'zh-CN': '该调查不包括服务类别 {code}', en: 'The survey does not ask about category {code}' },
  'quality.not_your_household': { 'zh-CN': '您不是房屋 {unitId} 的业主或住户，不能代表该户作答', en: 'You are not an owner or occupant of unit {unitId} and cannot answer for it' },
  // monthly score (score.service.ts)
  'quality.month_not_over': { 'zh-CN': '{period} 尚未结束，不能计算月度评分', en: '{period} has not ended: its score cannot be computed yet' },
  // catalogue
  'quality.catalogue_bad_code': { 'zh-CN': '标准编号 {code} 不正确（字母、数字、- 或 _，不超过 32 个字符）', en: 'Standard code {code} is invalid (letters, digits, - or _, at most 32 characters)' },
  'quality.catalogue_duplicate_code': { 'zh-CN': '标准编号 {code} 重复', en: 'Standard code {code} is used twice' },
  'quality.catalogue_missing_text': { 'zh-CN': '标准 {code} 缺少名称、承诺、考核指标或佐证材料', en: 'Standard {code} lacks a name, commitment, metric or evidence' },
  'quality.catalogue_bad_frequency': { 'zh-CN': '标准 {code} 的频次不正确', en: 'Standard {code} has an invalid frequency' },
});
