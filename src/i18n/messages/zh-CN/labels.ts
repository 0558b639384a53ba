import type { labels as en } from '../en/labels.ts';

/** 铭牌标签：标题、扫码提示和标签的无障碍名称。标签先印中文，英文在旁以小字排印。 */
export const labels = {
  'label.heading': '人形机器人身份码',
  'label.scan': '扫码核验 · 无码不得上市',
  'label.maker': '制造商：{name}',
  'label.title': '铭牌标签 {code}',
  'label.sheet': '{count, plural, other {# 张铭牌标签}}',
} as const satisfies Record<keyof typeof en, string>;
