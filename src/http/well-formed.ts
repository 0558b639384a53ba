/**
 * Text must be well-formed Unicode at the edge: a lone UTF-16 surrogate
 * (JSON `"\ud800"`) parses as a JavaScript string but cannot be stored as
 * text by PostgreSQL or encoded as a canonical leaf, so a request carrying
 * one is refused before any work, not failed late inside a transaction that
 * other callers' events share.
 */

/** malformedTextAt returns the JSON path of the first string or member name in value that is not well-formed Unicode, or undefined. */
export function malformedTextAt(value: unknown): string | undefined {
  // An explicit stack, not recursion: the body's depth is bounded, but this walk need not trust that.
  const stack: [unknown, string][] = [[value, '']];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, path] = top;
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return path || '/';
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) stack.push([item, `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (!k.isWellFormed()) return `${path}/${k.toWellFormed()}`;
        stack.push([item, `${path}/${k}`]);
      }
    }
  }
  return undefined;
}
