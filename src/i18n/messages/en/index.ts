/** The English catalogue: the union of its sections. English defines the keys. */
import { common } from './common.ts';

export const en = { ...common } as const;
