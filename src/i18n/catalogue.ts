/**
 * The message catalogues: one per language, each the union of its sections
 * (common words, problems, web pages, labels, CLI). English defines the keys;
 * the Chinese catalogue must hold exactly the same keys, checked by the type
 * of each section and again at run time by catalogue.test.ts (which also
 * checks both languages take the same ICU arguments).
 */
import { en } from './messages/en/index.ts';
import { zhCN } from './messages/zh-CN/index.ts';
import type { Locale } from './locale.ts';

/** MessageKey is every message's key; a key missing from a language fails to compile. */
export type MessageKey = keyof typeof en;

/** Catalogue is one language's messages. */
export type Catalogue = Record<MessageKey, string>;

/** CATALOGUES holds each language's catalogue. */
export const CATALOGUES: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en };
