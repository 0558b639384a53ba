/**
 * The registry's authorization policy as one literal table: every route of the
 * HTTP API × every caller kind × the caller's relation to the object, with the
 * expected outcome (allow, or a denial with status and stable problem code).
 * test/security/authz-matrix.test.ts turns each cell into one request.
 *
 * Caller kinds (test/security/authz-matrix.test.ts builds them):
 * - public: no token
 * - regulator: the registry's initial regulator
 * - manufacturer: maker A (maker of robot A, issuer of recall A)
 * - seller: a seller that held robot A before selling it on (a past owner)
 * - operator: owner A, the current end owner of robot A
 * - service: a service participant holding an active grant on robot A only
 * - recycler: a recycler that holds robot R (decommissioned, handed over to it)
 * - importer: an importer acting for foreign maker F; its own robot is X (made by maker A, sold to
 *   owner A and exported: only an importer stands to it, to re-import it)
 * - remanufacturer: a certified remanufacturer that holds robot M (decommissioned, handed over to it)
 * - insurer: the insurer owner A named on robot A (issue #15): it reads robot A and records its brands
 *
 * Relations: `own` is the caller's own object (its participant record and
 * tokens, its webhook, maker A's model / recall, the caller's robot: robot A,
 * or robot R for the recycler); `other` is another party's (maker B's
 * participant record, model, recall and webhook; robot B, made by maker B and
 * owned by owner B); `none` for routes without an object.
 */

export const CALLERS = [
  'public',
  'regulator',
  'manufacturer',
  'seller',
  'operator',
  'service',
  'recycler',
  'importer',
  'remanufacturer',
  'insurer',
] as const;
export type CallerKind = (typeof CALLERS)[number];
export type Relation = 'own' | 'other' | 'none';

/** Deny is a refusal; 409 marks a caller that passes authorization but whose object's state refuses the request. */
export type Deny = { status: 400 | 401 | 403 | 404 | 409; code: string };
export type Outcome = 'allow' | Deny;
/** A cell is one outcome for every relation, or one per relation. */
export type Cell = Outcome | { own: Outcome; other: Outcome };

export interface RoutePolicy {
  /** id names the row; the matrix test holds one request builder per id. */
  id: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** path is the Fastify route template. */
  path: string;
  /** write routes must change nothing when denied. */
  write: boolean;
  /** fresh: an allowed request consumes its object (state change), so each allowed case gets a new one. */
  fresh?: boolean;
  relations: readonly Relation[];
  expect: Record<CallerKind, Cell>;
}

export const ALLOW = 'allow' as const;
const U: Deny = { status: 401, code: 'UNAUTHENTICATED' };
const ROLE: Deny = { status: 403, code: 'FORBIDDEN_ROLE' };
const ENT: Deny = { status: 403, code: 'NOT_ENTITLED' };
const FOREIGN: Deny = { status: 403, code: 'FOREIGN_ENTERPRISE' };
const NF: Deny = { status: 404, code: 'NOT_FOUND' };
const STATE: Deny = { status: 409, code: 'INVALID_TRANSITION' };
const OWN_ONLY_ROLE = { own: ALLOW, other: ROLE } as const;
const OWN_ONLY_ENT = { own: ALLOW, other: ENT } as const;
const OWN_ONLY_NF = { own: ALLOW, other: NF } as const;
const OWN_ONLY_FOREIGN = { own: ALLOW, other: FOREIGN } as const;
const PERMANENT: Deny = { status: 409, code: 'BRAND_PERMANENT' };
const NO_COVER: Deny = { status: 400, code: 'INVALID_ARGUMENT' };

const everyone = (o: Cell): Record<CallerKind, Cell> => ({
  public: o,
  regulator: o,
  manufacturer: o,
  seller: o,
  operator: o,
  service: o,
  recycler: o,
  importer: o,
  remanufacturer: o,
  insurer: o,
});
const authenticated = (o: Cell): Record<CallerKind, Cell> => ({ ...everyone(o), public: U });
const regulatorOnly = (): Record<CallerKind, Cell> => ({ ...authenticated(ROLE), regulator: ALLOW });
const OBJ = ['own', 'other'] as const;
const NONE = ['none'] as const;

/** POLICY is the authorization table of the whole v1 API (and the public label routes). */
export const POLICY: readonly RoutePolicy[] = [
  // Participants and tokens (§2)
  { id: 'participants.create', method: 'POST', path: '/v1/participants', write: true, relations: NONE, expect: regulatorOnly() },
  { id: 'participants.list', method: 'GET', path: '/v1/participants', write: false, relations: NONE, expect: regulatorOnly() },
  { id: 'participants.show', method: 'GET', path: '/v1/participants/:id', write: false, relations: OBJ, expect: authenticated(ALLOW) },
  { id: 'tokens.issue', method: 'POST', path: '/v1/participants/:id/tokens', write: true, relations: OBJ, expect: regulatorOnly() },
  {
    id: 'tokens.list',
    method: 'GET',
    path: '/v1/participants/:id/tokens',
    write: false,
    relations: OBJ,
    expect: { ...authenticated(OWN_ONLY_ROLE), regulator: ALLOW },
  },
  {
    id: 'tokens.revoke',
    method: 'DELETE',
    path: '/v1/participants/:id/tokens/:tokenId',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: { ...authenticated(OWN_ONLY_ROLE), regulator: ALLOW },
  },
  // Standing acceptance is the participant's own (no neighbour sets it); the regulator reads anyone's.
  {
    id: 'standing.list',
    method: 'GET',
    path: '/v1/participants/:id/standing-acceptances',
    write: false,
    relations: OBJ,
    expect: { ...authenticated(OWN_ONLY_ENT), regulator: ALLOW },
  },
  {
    id: 'standing.accept',
    method: 'POST',
    path: '/v1/participants/:id/standing-acceptances',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: authenticated(OWN_ONLY_ENT),
  },
  {
    id: 'standing.revoke',
    method: 'DELETE',
    path: '/v1/participants/:id/standing-acceptances/:sender',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: authenticated(OWN_ONLY_ENT),
  },
  { id: 'me', method: 'GET', path: '/v1/me', write: false, relations: NONE, expect: authenticated(ALLOW) },
  { id: 'stats', method: 'GET', path: '/v1/stats', write: false, relations: NONE, expect: regulatorOnly() },

  // Models (§3)
  {
    id: 'models.file',
    method: 'POST',
    path: '/v1/models',
    write: true,
    relations: NONE,
    expect: { ...authenticated(ROLE), manufacturer: ALLOW, remanufacturer: ALLOW },
  },
  { id: 'models.list', method: 'GET', path: '/v1/models', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'models.show', method: 'GET', path: '/v1/models/:enterprise/:model', write: false, relations: OBJ, expect: everyone(ALLOW) },
  {
    id: 'models.approve',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/approve',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  {
    id: 'models.suspend',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/suspend',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  {
    id: 'models.withdraw',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/withdraw',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },

  // Robots (§4, §5): own = the caller's enterprise (registration) or robot
  {
    id: 'robots.register',
    method: 'POST',
    path: '/v1/robots',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), manufacturer: OWN_ONLY_FOREIGN },
  },
  {
    id: 'robots.batch',
    method: 'POST',
    path: '/v1/robots/batch',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), manufacturer: OWN_ONLY_FOREIGN },
  },
  { id: 'robots.passport', method: 'GET', path: '/v1/robots/:code', write: false, relations: OBJ, expect: everyone(ALLOW) },
  {
    id: 'robots.events.list',
    method: 'GET',
    path: '/v1/robots/:code/events',
    write: false,
    relations: OBJ,
    // The seller is a past owner of robot A: it reads the events up to its handover.
    expect: {
      public: U,
      regulator: ALLOW,
      manufacturer: OWN_ONLY_ENT,
      seller: OWN_ONLY_ENT,
      operator: OWN_ONLY_ENT,
      service: OWN_ONLY_ENT,
      recycler: OWN_ONLY_ENT,
      importer: ENT,
      remanufacturer: OWN_ONLY_ENT,
      insurer: OWN_ONLY_ENT,
    },
  },
  {
    id: 'robots.accountability',
    method: 'GET',
    path: '/v1/robots/:code/accountability',
    write: false,
    relations: OBJ,
    // Needs the full passport: a past owner (the seller) is not entitled.
    expect: {
      public: U,
      regulator: ALLOW,
      manufacturer: OWN_ONLY_ENT,
      seller: ENT,
      operator: OWN_ONLY_ENT,
      service: OWN_ONLY_ENT,
      recycler: OWN_ONLY_ENT,
      importer: ENT,
      remanufacturer: OWN_ONLY_ENT,
      insurer: OWN_ONLY_ENT,
    },
  },
  { id: 'robots.bundle', method: 'GET', path: '/v1/robots/:code/bundle', write: false, relations: OBJ, expect: everyone(ALLOW) },
  { id: 'robots.verify', method: 'GET', path: '/v1/verify/:code', write: false, relations: OBJ, expect: everyone(ALLOW) },
  {
    id: 'robots.market-access',
    method: 'GET',
    path: '/v1/robots/:code/market-access',
    write: false,
    relations: OBJ,
    expect: everyone(ALLOW),
  },
  {
    id: 'robots.erase',
    method: 'POST',
    path: '/v1/robots/:code/personal-data/erase',
    write: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },

  // Lifecycle events (§4 table "who may record it"); every event type that a caller outside "who" tries is NOT_ENTITLED
  {
    id: 'events.incident_reported',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    relations: OBJ,
    // The recycler owns robot R (decommissioned, handed over): an owner may report an incident.
    expect: {
      public: U,
      regulator: ALLOW,
      manufacturer: ENT,
      seller: ENT,
      operator: OWN_ONLY_ENT,
      service: OWN_ONLY_ENT,
      recycler: OWN_ONLY_ENT,
      importer: ENT,
      remanufacturer: OWN_ONLY_ENT,
      insurer: ENT,
    },
  },
  {
    id: 'events.transferred',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // The recycler owns robot R, but a decommissioned unit goes only to a recycler (the request hands it to owner B).
    // The regulator's order moves any unit (sale: false); robot B already belongs to owner B, the request's recipient.
    expect: {
      ...authenticated(ENT),
      regulator: { own: ALLOW, other: STATE },
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.deployed',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // The recycler owns robot R, but a decommissioned unit cannot be deployed.
    expect: {
      ...authenticated(ENT),
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.service_granted',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // Custody: robot R is decommissioned, so no one services it, its owner (the recycler) grants no shop.
    expect: {
      ...authenticated(ENT),
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.serviced',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    relations: OBJ,
    // Custody: maker A sold robot A; without the owner's grant it is no shop of it.
    expect: { ...authenticated(ENT), service: OWN_ONLY_ENT },
  },
  {
    id: 'events.suspended',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: { ...authenticated(ENT), regulator: ALLOW },
  },
  {
    id: 'events.stolen_reported',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: { ...authenticated(ENT), operator: OWN_ONLY_ENT, recycler: OWN_ONLY_ENT, remanufacturer: OWN_ONLY_ENT },
  },
  {
    id: 'events.recycling_received',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // Only the recycler the owner handed the unit to; the operator's robot A is in use (NOT_ENTITLED comes first).
    expect: { ...authenticated(ENT), recycler: OWN_ONLY_ENT },
  },

  // Event batches: each event is checked as alone, so a batch of one has its event's row
  {
    id: 'events.batch.transferred',
    method: 'POST',
    path: '/v1/events/batch',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: {
      ...authenticated(ENT),
      regulator: { own: ALLOW, other: STATE },
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.batch.serviced',
    method: 'POST',
    path: '/v1/events/batch',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ENT), service: OWN_ONLY_ENT },
  },

  // Recalls, defects, incidents (§6): own = recall A (issued by maker A) / maker A's scope
  {
    id: 'recalls.issue',
    method: 'POST',
    path: '/v1/recalls',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), regulator: ALLOW, manufacturer: OWN_ONLY_FOREIGN },
  },
  { id: 'recalls.show', method: 'GET', path: '/v1/recalls/:id', write: false, relations: OBJ, expect: everyone(ALLOW) },
  { id: 'recalls.robots', method: 'GET', path: '/v1/recalls/:id/robots', write: false, relations: OBJ, expect: everyone(ALLOW) },
  {
    // fresh: a regulator's amendment makes the terms it states its own, which the issuer may then not change.
    id: 'recalls.amend',
    method: 'POST',
    path: '/v1/recalls/:id/amend',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), regulator: ALLOW, manufacturer: OWN_ONLY_ENT },
  },
  {
    id: 'recalls.close',
    method: 'POST',
    path: '/v1/recalls/:id/close',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), regulator: ALLOW, manufacturer: OWN_ONLY_ENT },
  },
  // Software versions and OTA campaigns (issue #15): own = maker A's model / campaign, other = maker B's
  {
    id: 'software.list',
    method: 'GET',
    path: '/v1/models/:enterprise/:model/software',
    write: false,
    relations: OBJ,
    expect: everyone(ALLOW),
  },
  {
    id: 'software.file',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/software',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), manufacturer: OWN_ONLY_FOREIGN },
  },
  {
    id: 'software.block',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/software/:version/block',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  {
    id: 'software.unblock',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/software/:version/unblock',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  {
    id: 'campaigns.file',
    method: 'POST',
    path: '/v1/campaigns',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), manufacturer: OWN_ONLY_FOREIGN },
  },
  {
    id: 'campaigns.list',
    method: 'GET',
    path: '/v1/campaigns',
    write: false,
    relations: NONE,
    expect: { ...authenticated(ROLE), regulator: ALLOW, manufacturer: ALLOW },
  },
  {
    // Another maker's campaign is, to a maker, no campaign at all.
    id: 'campaigns.show',
    method: 'GET',
    path: '/v1/campaigns/:id',
    write: false,
    relations: OBJ,
    expect: { ...authenticated(ROLE), regulator: ALLOW, manufacturer: OWN_ONLY_NF },
  },
  {
    id: 'campaigns.acknowledge',
    method: 'POST',
    path: '/v1/campaigns/:id/acknowledge',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  {
    // Over the air by the unit's maker whoever holds it, or by a shop under the owner's grant; never its owner or the regulator.
    id: 'events.software_updated',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: { ...authenticated(ENT), manufacturer: OWN_ONLY_ENT, service: OWN_ONLY_ENT },
  },
  { id: 'defects', method: 'GET', path: '/v1/defects', write: false, relations: NONE, expect: { ...regulatorOnly(), manufacturer: ALLOW } },
  { id: 'defects.clusters', method: 'GET', path: '/v1/defects/clusters', write: false, relations: NONE, expect: regulatorOnly() },
  {
    id: 'incidents',
    method: 'GET',
    path: '/v1/incidents',
    write: false,
    relations: NONE,
    expect: { ...regulatorOnly(), manufacturer: ALLOW },
  },

  // Key components by canonical identity (issue #11): own = a part of the caller's robot (robot A; robot R for the recycler).
  // Whoever may read the unit holding it sees it; anyone else gets the answer an unknown part gets (no oracle), the past owner too.
  {
    id: 'components.show',
    method: 'GET',
    path: '/v1/components',
    write: false,
    relations: OBJ,
    // An importer stands to an exported unit only to re-import it: it reads none of its parts.
    expect: { ...authenticated(OWN_ONLY_NF), regulator: ALLOW, seller: NF, importer: NF },
  },
  { id: 'components.conflicts', method: 'GET', path: '/v1/components/conflicts', write: false, relations: NONE, expect: regulatorOnly() },

  // Webhooks: a subscription is its participant's alone; another's is NOT_FOUND (no existence oracle)
  { id: 'webhooks.create', method: 'POST', path: '/v1/webhooks', write: true, relations: NONE, expect: authenticated(ALLOW) },
  { id: 'webhooks.list', method: 'GET', path: '/v1/webhooks', write: false, relations: NONE, expect: authenticated(ALLOW) },
  {
    id: 'webhooks.remove',
    method: 'DELETE',
    path: '/v1/webhooks/:id',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: authenticated(OWN_ONLY_NF),
  },
  {
    id: 'webhooks.deliveries',
    method: 'GET',
    path: '/v1/webhooks/:id/deliveries',
    write: false,
    relations: OBJ,
    expect: authenticated(OWN_ONLY_NF),
  },
  {
    id: 'webhooks.replay',
    method: 'POST',
    path: '/v1/webhooks/:id/replay',
    write: true,
    relations: OBJ,
    expect: authenticated(OWN_ONLY_NF),
  },

  // The tamper-evident log (§7): public
  { id: 'log.key', method: 'GET', path: '/v1/log/key', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'log.checkpoint', method: 'GET', path: '/v1/log/checkpoint', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'log.entries', method: 'GET', path: '/v1/log/entries', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'log.inclusion', method: 'GET', path: '/v1/log/proof/inclusion', write: false, relations: NONE, expect: everyone(ALLOW) },
  // Public reports, reporting deadlines and feeds (issue #16, items 4–6)
  {
    id: 'reports.challenge',
    method: 'GET',
    path: '/v1/robots/:code/reports/challenge',
    write: false,
    relations: OBJ,
    expect: everyone(ALLOW),
  },
  { id: 'reports.file', method: 'POST', path: '/v1/robots/:code/reports', write: true, relations: OBJ, expect: everyone(ALLOW) },
  { id: 'reports.list', method: 'GET', path: '/v1/reports', write: false, relations: NONE, expect: regulatorOnly() },
  { id: 'reports.photo', method: 'GET', path: '/v1/reports/:id/photo', write: false, relations: NONE, expect: regulatorOnly() },
  {
    id: 'reports.triage',
    method: 'POST',
    path: '/v1/reports/:id/triage',
    write: true,
    fresh: true,
    relations: NONE,
    expect: regulatorOnly(),
  },
  {
    id: 'reports.erase',
    method: 'POST',
    path: '/v1/reports/:id/personal-data/erase',
    write: true,
    relations: NONE,
    expect: regulatorOnly(),
  },
  { id: 'late.reports', method: 'GET', path: '/v1/late-reports', write: false, relations: NONE, expect: authenticated(ALLOW) },
  { id: 'deadlines.show', method: 'GET', path: '/v1/deadlines', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'feeds.robot', method: 'GET', path: '/v1/robots/:code/feed.atom', write: false, relations: OBJ, expect: everyone(ALLOW) },
  { id: 'feeds.mine', method: 'GET', path: '/v1/feeds/mine.atom', write: false, relations: NONE, expect: authenticated(ALLOW) },
  { id: 'log.consistency', method: 'GET', path: '/v1/log/proof/consistency', write: false, relations: NONE, expect: everyone(ALLOW) },
  // The log's keys over time and its witnesses (issue #17): public reads; the regulator registers witnesses; a
  // cosignature is authenticated by its own signature from a registered witness, whoever sends it.
  { id: 'log.keys', method: 'GET', path: '/v1/log/keys', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'log.witnesses', method: 'GET', path: '/v1/log/witnesses', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'log.witnesses.add', method: 'POST', path: '/v1/log/witnesses', write: true, relations: NONE, expect: regulatorOnly() },
  { id: 'log.cosignatures', method: 'POST', path: '/v1/log/cosignatures', write: true, relations: NONE, expect: everyone(ALLOW) },
  {
    id: 'log.witnessed',
    method: 'GET',
    path: '/v1/log/checkpoint/witnessed',
    write: false,
    relations: NONE,
    expect: everyone(ALLOW),
  },

  // Imports, exports, remanufacture and certified takers (issue #16)
  {
    id: 'imports.create',
    method: 'POST',
    path: '/v1/imports',
    write: true,
    relations: NONE,
    expect: { ...authenticated(ROLE), importer: ALLOW },
  },
  {
    id: 'remanufactures.create',
    method: 'POST',
    path: '/v1/remanufactures',
    write: true,
    fresh: true,
    relations: NONE,
    expect: { ...authenticated(ROLE), remanufacturer: ALLOW },
  },
  { id: 'robots.lineage', method: 'GET', path: '/v1/robots/:code/lineage', write: false, relations: OBJ, expect: everyone(ALLOW) },
  { id: 'certified.list', method: 'GET', path: '/v1/certified', write: false, relations: NONE, expect: everyone(ALLOW) },
  {
    id: 'certifications.create',
    method: 'POST',
    path: '/v1/participants/:id/certifications',
    write: true,
    fresh: true,
    relations: NONE,
    expect: regulatorOnly(),
  },
  {
    id: 'certifications.revoke',
    method: 'POST',
    path: '/v1/participants/:id/certifications/:role/revoke',
    write: true,
    fresh: true,
    relations: NONE,
    expect: regulatorOnly(),
  },
  {
    id: 'mandates.list',
    method: 'GET',
    path: '/v1/participants/:id/mandates',
    write: false,
    relations: OBJ,
    expect: { ...authenticated(OWN_ONLY_ROLE), regulator: ALLOW },
  },
  {
    id: 'mandates.grant',
    method: 'POST',
    path: '/v1/participants/:id/mandates',
    write: true,
    fresh: true,
    relations: NONE,
    expect: regulatorOnly(),
  },
  {
    id: 'mandates.revoke',
    method: 'POST',
    path: '/v1/participants/:id/mandates/:maker/revoke',
    write: true,
    fresh: true,
    relations: NONE,
    expect: regulatorOnly(),
  },
  {
    id: 'events.exported',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // The owner of robot A exports it; the holders of decommissioned R and M own them, but their status refuses.
    expect: {
      ...authenticated(ENT),
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.reimported',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // Any importer re-imports an exported unit (robot X); no one stands to re-import a unit in the market.
    expect: { ...authenticated(ENT), importer: OWN_ONLY_ENT },
  },

  // Nameplate labels: public
  { id: 'labels.sheet', method: 'GET', path: '/labels/sheet.svg', write: false, relations: NONE, expect: everyone(ALLOW) },
  { id: 'labels.file', method: 'GET', path: '/labels/:file', write: false, relations: OBJ, expect: everyone(ALLOW) },
  // Model revisions, usage, condition brands and insurers (issue #15, items 4–6)
  {
    id: 'revisions.list',
    method: 'GET',
    path: '/v1/models/:enterprise/:model/revisions',
    write: false,
    relations: OBJ,
    expect: everyone(ALLOW),
  },
  {
    id: 'revisions.file',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/revisions',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ROLE), manufacturer: OWN_ONLY_FOREIGN },
  },
  {
    id: 'revisions.approve',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/revisions/:revision/approve',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  {
    id: 'revisions.refuse',
    method: 'POST',
    path: '/v1/models/:enterprise/:model/revisions/:revision/refuse',
    write: true,
    fresh: true,
    relations: OBJ,
    expect: regulatorOnly(),
  },
  { id: 'brands.list', method: 'GET', path: '/v1/robots/:code/brands', write: false, relations: OBJ, expect: everyone(ALLOW) },
  // No one removes a brand, the regulator included: a correction is a new event.
  {
    id: 'brands.remove',
    method: 'DELETE',
    path: '/v1/robots/:code/brands/:brand',
    write: true,
    relations: OBJ,
    expect: authenticated(PERMANENT),
  },
  {
    id: 'events.brand_recorded',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    relations: OBJ,
    // A granted shop and the unit's insurer brand robot A; its owner, its maker and a past owner may not.
    expect: { ...authenticated(ENT), regulator: ALLOW, service: OWN_ONLY_ENT, insurer: OWN_ONLY_ENT },
  },
  {
    id: 'events.brand_corrected',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    relations: OBJ,
    expect: { ...authenticated(ENT), regulator: ALLOW },
  },
  {
    id: 'events.usage_reported',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    relations: OBJ,
    // The recycler and the remanufacturer own decommissioned units: no usage is reported on them.
    expect: {
      ...authenticated(ENT),
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.insurer_named',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    relations: OBJ,
    expect: {
      ...authenticated(ENT),
      operator: OWN_ONLY_ENT,
      recycler: { own: STATE, other: ENT },
      remanufacturer: { own: STATE, other: ENT },
    },
  },
  {
    id: 'events.insurer_revoked',
    method: 'POST',
    path: '/v1/robots/:code/events',
    write: true,
    fresh: true,
    relations: OBJ,
    // Robots R and M carry no cover: their owners have no insurer to revoke.
    expect: {
      ...authenticated(ENT),
      operator: OWN_ONLY_ENT,
      recycler: { own: NO_COVER, other: ENT },
      remanufacturer: { own: NO_COVER, other: ENT },
    },
  },
];

/** outcomeOf reads the expected outcome of a cell for a relation. */
export function outcomeOf(cell: Cell, relation: Relation): Outcome {
  if (cell === 'allow' || 'status' in cell) return cell;
  if (relation === 'none') throw new Error('a per-relation cell on a route without an object');
  return cell[relation];
}
