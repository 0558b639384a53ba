/** MAX_JSON_DEPTH is the deepest nesting of arrays and objects a request body may have; the API's own bodies need fewer than ten levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * jsonDepthExceeds tells whether the JSON text nests arrays and objects deeper
 * than max. It reads the text once, without recursion and without parsing, so
 * a hostile body (5,000 brackets) costs a linear scan, not a deep structure
 * that later recursive steps (validation, serialisation) overflow on.
 * Brackets inside strings do not count; the text need not be valid JSON.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
