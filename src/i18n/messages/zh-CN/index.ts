/** 简体中文目录：各部分之和，键与英文目录一一对应。 */
import type { en } from '../en/index.ts';
import { cli } from './cli.ts';
import { common } from './common.ts';
import { csv } from './csv.ts';
import { labels } from './labels.ts';
import { lifecycle } from './lifecycle.ts';
import { problems } from './problems.ts';
import { web } from './web.ts';

export const zhCN = { ...common, ...csv, ...problems, ...lifecycle, ...web, ...labels, ...cli } as const satisfies Record<
  keyof typeof en,
  string
>;
