import { Ajv2020 } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';

// ajv-formats is CommonJS whose typings describe its default export; require gives the function itself.
const addFormats = createRequire(import.meta.url)('ajv-formats') as (ajv: Ajv2020) => Ajv2020;

/** Answer is one HTTP answer as a test saw it. */
export interface Answer {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: unknown;
}

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components?: unknown };

/** ResponseValidator checks an answer against the OpenAPI document; check returns what the document does not describe, or nothing. */
export interface ResponseValidator {
  check(answer: Answer): string | undefined;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** responseValidator builds a validator from an OpenAPI 3.1 document: every status, content type and body must be one the document describes. */
export function responseValidator(document: object): ResponseValidator {
  const doc = document as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'openapi' });
  // Path templates become patterns: /v1/robots/{code} matches one segment per parameter.
  const routes = Object.entries(doc.paths).map(([template, ops]) => ({
    template,
    ops,
    // A parameter may be empty: Fastify routes /v1/robots/ to /v1/robots/:code with code '' (and its schema refuses it).
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]*')}$`),
    literal: !template.includes('{'),
  }));
  routes.sort((a, b) => Number(b.literal) - Number(a.literal));
  return {
    check({ method, url, status, contentType, body }) {
      // Dot segments are resolved as the server resolves them (RFC 3986 §5.2.4): /v1/models/../.. is /.
      const path = new URL(url.split('?')[0] ?? url, 'http://registry.invalid').pathname;
      const where = `${method} ${path} → ${status}`;
      const route = routes.find((r) => r.pattern.test(path) && r.ops[method.toLowerCase()]);
      if (!route) return `${where}: no operation in the document`;
      const op = route.ops[method.toLowerCase()] as Operation;
      const response = op.responses?.[String(status)];
      if (!response) return `${where}: status not documented (documented: ${Object.keys(op.responses ?? {}).join(', ')})`;
      const media = (contentType ?? '').split(';')[0]?.trim() ?? '';
      if (!response.content)
        return media === '' || body === '' ? undefined : `${where}: answered ${media} where the document describes no body`;
      const content = response.content[media];
      if (!content)
        return `${where}: content type ${media || '(none)'} not documented (documented: ${Object.keys(response.content).join(', ')})`;
      if (content.schema === undefined) return `${where} ${media}: no schema`;
      const ref = `openapi#/paths/${escapePointer(route.template)}/${method.toLowerCase()}/responses/${status}/content/${escapePointer(media)}/schema`;
      const validate = ajv.getSchema(ref);
      if (!validate) return `${where}: schema ${ref} not found`;
      if (!validate(body)) return `${where} ${media}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
      return undefined;
    },
  };
}
