/** 简体中文目录：各部分之和，键与英文目录一一对应。 */
import type { en } from '../en/index.ts';
import { common } from './common.ts';

export const zhCN = { ...common } as const satisfies Record<keyof typeof en, string>;
