import { registerMessages } from '../../platform/i18n.js';

registerMessages({
  'decisions.bad_choice': { 'zh-CN': '表决意见 {choice} 不正确（同意、反对或弃权）', en: 'Choice {choice} is invalid (agree, oppose or abstain)' },
  'decisions.bad_date': { 'zh-CN': '{what} 日期 {value} 不是有效的 YYYY-MM-DD 日期', en: 'The {what} date {value} is not a valid YYYY-MM-DD date' },
  'decisions.bad_days': { 'zh-CN': '{what} 天数 {value} 不正确（不少于 {min} 天）', en: 'The {what} of {value} days is invalid (at least {min} days)' },
  'decisions.ballot_twice': { 'zh-CN': '该投票人（{voterId}）已经投过票，不能重复投票', en: 'Voter {voterId} has voted already and cannot vote twice' },
  'decisions.voter_not_on_roll': { 'zh-CN': '投票人 {voterId} 不在表决名册中', en: 'Voter {voterId} is not on the voter roll' },
  'decisions.unknown_matter': { 'zh-CN': '未知的表决事项类型 {code}（民法典第二百七十八条第一款第一至九项）', en: 'Unknown matter type {code} (Civil Code art. 278 ¶1 items 1–9)' },
  'decisions.roll_bad_area': { 'zh-CN': '房屋 {unitId} 的面积不正确', en: 'Unit {unitId} has an invalid area' },
  'decisions.roll_bad_unit': { 'zh-CN': '房屋 {unitId} 的登记信息不正确', en: 'Unit {unitId} has invalid register data' },
  'decisions.roll_duplicate_unit': { 'zh-CN': '房屋 {unitId} 在名册中重复出现', en: 'Unit {unitId} appears twice in the roll' },
  'decisions.roll_too_large': { 'zh-CN': '表决名册过大', en: 'The voter roll is too large' },
  'decisions.committee_not_present': { 'zh-CN': '委员 {memberId} 未出席，不能表决（业委会会议不得委托表决）', en: 'Member {memberId} is not present and cannot vote (no proxies in committee meetings)' },
  'decisions.committee_present_twice': { 'zh-CN': '出席名单中有重复的委员', en: 'A member is listed twice as present' },
  'decisions.committee_too_many_present': { 'zh-CN': '出席人数超过委员总数 {memberCount}', en: 'More members present than the {memberCount} members of the committee' },
  'decisions.committee_vote_twice': { 'zh-CN': '委员 {memberId} 已经表决过', en: 'Member {memberId} has voted already' },
});
