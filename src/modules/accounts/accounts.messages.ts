import { registerMessages } from '../../platform/i18n.js';

registerMessages({
  'auth.invalid_credentials': { 'zh-CN': '账号或密码不正确', en: 'Wrong login name or password' },
  'auth.rate_limited': { 'zh-CN': '尝试次数过多，请 {minutes} 分钟后再试', en: 'Too many attempts; try again in {minutes} minutes' },
  'auth.invitation_invalid': { 'zh-CN': '邀请码无效、已过期或已使用', en: 'The invitation code is invalid, expired or already used' },
  'auth.invitation_no_owner': {
    'zh-CN': '{unit} 没有登记了手机号的个人业主（未售、开发商持有或缺少电话），无法生成邀请码',
    en: '{unit} has no individual owner with a registered phone (unsold, held by the developer, or no phone): no invitation possible',
  },
  'auth.phone_not_owner': { 'zh-CN': '该手机号不是此房屋登记的业主电话', en: 'This phone number is not registered for an owner of this unit' },
  'auth.already_claimed': { 'zh-CN': '该业主已有账号，请直接登录', en: 'This owner already has an account; please sign in' },
  'auth.password_weak': { 'zh-CN': '密码至少 8 位，且需同时包含字母和数字', en: 'The password needs at least 8 characters with letters and digits' },
  'auth.login_taken': { 'zh-CN': '登录名 {login} 已被使用', en: 'The login name {login} is taken' },
  'auth.role_scope': { 'zh-CN': '角色 {role} 需要指定{scope}', en: 'Role {role} needs a {scope}' },
  'register.unit_not_found': { 'zh-CN': '房屋不存在', en: 'Unit not found' },
  'register.account_not_found': { 'zh-CN': '账号不存在', en: 'Account not found' },
});
