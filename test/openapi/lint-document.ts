import { createConfig, lintFromString } from '@redocly/openapi-core';

/** Finding is one problem the linter reports: its rule, where, and what. */
export interface Finding {
  rule: string;
  severity: string;
  where: string;
  message: string;
}

/** lintDocument lints an OpenAPI document with Redocly's recommended ruleset and lists every error and warning. */
export async function lintDocument(doc: object): Promise<Finding[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
  return problems
    .filter((p) => p.severity === 'error' || p.severity === 'warn')
    .map((p) => ({ rule: p.ruleId, severity: p.severity, where: p.location[0]?.pointer ?? '', message: p.message }));
}
