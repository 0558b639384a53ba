import type { RoutePlugin } from '../route-plugin.ts';
import { FleetStatsSchema } from '../../contract/stats.ts';
import { RegistryError } from '../../errors.ts';
import { getParticipant } from '../../registry/participants/participants.ts';
import { fleetStats } from '../../registry/robots/stats.ts';
import { ParticipantSchema } from '../schemas.ts';

/** statsRoutes serve the regulator's dashboard figures and the caller's own participant. */
export const statsRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.get(
    '/stats',
    {
      schema: {
        tags: ['participants'],
        summary:
          'Fleet figures for the regulator dashboard: robots by status, maker, model and province, registrations per month, recall completion, incidents per model, defect clusters (regulator)',
        security: [{ bearer: [] }],
        response: { 200: FleetStatsSchema },
      },
    },
    async (req) => fleetStats(ctx, req.caller),
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['participants'],
        summary: 'The participant behind the bearer token',
        security: [{ bearer: [] }],
        response: { 200: ParticipantSchema },
      },
    },
    async (req) => {
      if (!req.caller) throw new RegistryError('UNAUTHENTICATED');
      return getParticipant(ctx, req.caller, req.caller.participantId);
    },
  );
};
