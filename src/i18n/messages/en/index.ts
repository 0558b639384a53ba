/** The English catalogue: the union of its sections. English defines the keys. */
import { cli } from './cli.ts';
import { common } from './common.ts';
import { csv } from './csv.ts';
import { labels } from './labels.ts';
import { lifecycle } from './lifecycle.ts';
import { problems } from './problems.ts';
import { web } from './web.ts';

export const en = { ...common, ...csv, ...problems, ...lifecycle, ...web, ...labels, ...cli } as const;
