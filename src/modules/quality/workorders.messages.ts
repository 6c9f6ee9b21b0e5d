import { registerMessages } from '../../platform/i18n.js';

registerMessages({
  'quality.bad_reopen_days': { 'zh-CN': '可重新打开的天数 {value} 不正确（1 至 60 天）', en: 'The reopen window of {value} days is invalid (1 to 60 days)' },
  'quality.unit_not_found': { 'zh-CN': '本小区没有这个房屋', en: 'There is no such unit in this community' },
  'quality.not_your_unit': { 'zh-CN': '您不是房屋 {unit} 的业主或住户，不能为它报修或投诉', en: 'You neither own nor live in unit {unit}, so you cannot file a work order for it' },
  'quality.unknown_category': { 'zh-CN': '服务类别 {category} 不在本小区的服务标准中（可选：{known}）', en: 'Category {category} is not in the community’s standards (choose from: {known})' },
  'quality.bad_text': { 'zh-CN': '{what}不正确：不能为空，最多 {max} 个字符', en: 'The {what} is invalid: not empty, at most {max} characters' },
  'quality.idempotency_conflict': { 'zh-CN': '该提交编号已用于另一张内容不同的工单，请刷新后重新提交', en: 'This submission key was already used for a different work order; refresh and submit again' },
  'quality.photo_size': { 'zh-CN': '照片须为 1 字节至 {maxMiB} MiB', en: 'A photo must be between 1 byte and {maxMiB} MiB' },
  'quality.photo_type': { 'zh-CN': '照片只能是 JPEG 或 PNG 图片', en: 'A photo must be a JPEG or PNG image' },
  'quality.photo_unknown': { 'zh-CN': '照片 {sha256} 尚未上传，请先上传照片', en: 'Photo {sha256} has not been uploaded; upload it first' },
  'quality.too_many_photos': { 'zh-CN': '最多附 {max} 张照片', en: 'At most {max} photos' },
  'quality.photo_not_found': { 'zh-CN': '该工单没有这张照片', en: 'The work order has no such photo' },
  'quality.work_order_not_found': { 'zh-CN': '没有找到该工单', en: 'Work order not found' },
  'quality.not_filer': { 'zh-CN': '只有提交工单的住户本人可以确认、重新打开或撤销工单', en: 'Only the resident who filed the work order may confirm, reopen or cancel it' },
  'quality.reopen_window_over': { 'zh-CN': '工单已完成超过 {days} 天，不能再重新打开；如问题仍在，请提交新的工单', en: 'The order was resolved more than {days} days ago and can no longer be reopened; file a new order if the problem persists' },
  'quality.bad_month': { 'zh-CN': '月份 {value} 不正确（格式为 YYYY-MM）', en: 'Month {value} is invalid (YYYY-MM)' },
});
