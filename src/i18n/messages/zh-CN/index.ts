/** 简体中文目录：各部分之和，键与英文目录一一对应。 */
import type { en } from '../en/index.ts';
import { cli } from './cli.ts';
import { condition } from './condition.ts';
import { common } from './common.ts';
import { csv } from './csv.ts';
import { labels } from './labels.ts';
import { lifecycle } from './lifecycle.ts';
import { operations } from './operations.ts';
import { problems } from './problems.ts';
import { software } from './software.ts';
import { startUp } from './start-up.ts';
import { replicas } from './replicas.ts';
import { reports } from './reports.ts';
import { secondLife } from './second-life.ts';
import { web } from './web.ts';
import { webReports } from './web-reports.ts';
import { witnesses } from './witnesses.ts';

export const zhCN = {
  ...common,
  ...reports,
  ...operations,
  ...csv,
  ...problems,
  ...software,
  ...replicas,
  ...startUp,
  ...lifecycle,
  ...web,
  ...webReports,
  ...labels,
  ...cli,
  ...condition,
  ...secondLife,
  ...witnesses,
} as const satisfies Record<keyof typeof en, string>;
