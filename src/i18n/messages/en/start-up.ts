/**
 * Start-up (src/http/start-up-gate.ts): the problem every request but /healthz gets
 * while the server opens its database and prepares its routes.
 */
export const startUp = {
  'problem.STARTING.title': 'The registry is starting: it answers once its database is open and its routes are ready',
  'problem.startUp.starting':
    'The registry is starting (opening its database, running migrations, preparing its routes) and does not answer this yet; nothing was changed. Retry in {after} s; /readyz says when it is ready.',
} as const;
