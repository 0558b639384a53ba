import type { common as en } from '../en/common.ts';

/** 全站通用词语：系统名称、身份码名称、语言。 */
export const common = {
  'app.name': '人形机器人登记系统',
  'app.nameLong': '全国人形机器人登记系统',
  'code.name': '人形机器人身份码',
  'locale.name.zh-CN': '简体中文',
  'locale.name.en': 'English',
  'locale.switch': '语言',
  'count.robots': '{count, plural, other {# 台机器人}}',
} as const satisfies Record<keyof typeof en, string>;
