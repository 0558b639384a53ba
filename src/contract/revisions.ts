/**
 * Model revisions in the API contract (issue #15, item 4): what a maker
 * files, what the model page lists, how a revision is addressed.
 */
import { Type, type Static } from 'typebox';
import { ModelParametersSchema, ModelParams } from './schemas.ts';

const COMPONENT_TYPE = '^[a-z][a-z0-9_]{0,63}$';

/** NewRevisionBody files a significant change: the model's parameters and key component types as they will be. */
export const NewRevisionBody = Type.Object(
  {
    parameters: ModelParametersSchema,
    componentTypes: Type.Array(Type.String({ pattern: COMPONENT_TYPE }), { minItems: 1, maxItems: 50 }),
    summary: Type.String({ minLength: 1, maxLength: 2000, description: 'What changes and why' }),
  },
  { additionalProperties: false },
);

/** RevisionSchema is one revision of a model; revision 1 (status `model`) is the model as filed, approved with the model. */
export const RevisionSchema = Type.Object({
  revision: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('model'), Type.Literal('filed'), Type.Literal('approved'), Type.Literal('refused')]),
  parameters: ModelParametersSchema,
  componentTypes: Type.Array(Type.String()),
  changes: Type.Array(Type.String(), { description: 'The significant parameters (or componentTypes) this revision changes' }),
  summary: Type.Union([Type.String(), Type.Null()]),
  filedAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});
/** Revision is a model revision as the API shows it. */
export type Revision = Static<typeof RevisionSchema>;

/** RevisionListSchema lists a model's revisions, revision 1 first. */
export const RevisionListSchema = Type.Object({ items: Type.Array(RevisionSchema) });

/** RevisionParams addresses one revision of a model. */
export const RevisionParams = Type.Object({
  enterprise: ModelParams.properties.enterprise,
  model: ModelParams.properties.model,
  revision: Type.Integer({ minimum: 2, maximum: 100_000 }),
});
