import { Type, type Static } from 'typebox';

/** MAX_CANDIDATES caps the "did you mean" candidates of an INVALID_CODE problem. */
export const MAX_CANDIDATES = 5;

/** PublicNameSchema is a name as public verification shows it, with its English form when the registry has one. */
export const PublicNameSchema = Type.Object({ name: Type.String(), nameEn: Type.Optional(Type.String()) }, { additionalProperties: false });

/**
 * CodeCandidateSchema is one "did you mean" candidate of an INVALID_CODE problem from public
 * verification: a valid code one character away from the input, whether a unit is registered
 * under it, and for a registered one its maker and model as public verification shows them.
 */
export const CodeCandidateSchema = Type.Object(
  {
    code: Type.String({ description: 'A valid code one character away from the input, compact form' }),
    registered: Type.Boolean({ description: 'Whether a unit is registered under this code' }),
    maker: Type.Optional(PublicNameSchema),
    model: Type.Optional(PublicNameSchema),
  },
  { additionalProperties: false },
);
/** CodeCandidate is one "did you mean" candidate as the API shows it. */
export type CodeCandidate = Static<typeof CodeCandidateSchema>;

/** CodeCandidatesSchema is the `candidates` member of an INVALID_CODE problem. */
export const CodeCandidatesSchema = Type.Array(CodeCandidateSchema, {
  maxItems: MAX_CANDIDATES,
  description:
    'INVALID_CODE from public verification: at most five of `suggestions`, registered codes first with their maker and model; ' +
    'when any suggestion is registered, no unregistered code is offered',
});
