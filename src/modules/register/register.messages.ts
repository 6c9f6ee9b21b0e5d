import { registerMessages } from '../../platform/i18n.js';

registerMessages({
  'roster.invalid': { 'zh-CN': '花名册有 {count} 处错误，未导入任何数据', en: 'The roster has {count} errors; nothing was imported' },
  'roster.person_id_conflict': { 'zh-CN': '{name} 的身份证号与第 {firstRow} 行不一致', en: 'The ID number of {name} differs from row {firstRow}' },
  'roster.file_required': { 'zh-CN': '请上传一个 .xlsx 花名册文件', en: 'Upload one .xlsx roster file' },
  'register.community_exists': { 'zh-CN': '小区代码 {code} 已存在', en: 'The community code {code} exists already' },
});
