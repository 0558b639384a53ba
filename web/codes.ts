/** Identity-code helpers for the UI, reusing the registry's pure code module (browser-safe). */
import { displayCode } from '../src/code/index.ts';

/** showCode formats a code in display form when it can, else as given. */
export function showCode(code: string): string {
  try {
    return displayCode(code);
  } catch {
    return code;
  }
}

/** tidyCode normalises typed input (trim, drop spaces and hyphens, upper-case) for a URL, without judging it. */
export function tidyCode(input: string): string {
  return input
    .replace(/[\s-]+/g, '')
    .toUpperCase()
    .slice(0, 64);
}
