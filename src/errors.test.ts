import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorCatalogue } from './errors.ts';

test('docs/api.md lists every error code with its status', () => {
  const doc = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
  for (const [code, e] of Object.entries(errorCatalogue)) {
    assert.ok(doc.includes(`| \`${code}\` | ${e.status} |`), `${code} (${e.status}) is documented`);
  }
});
