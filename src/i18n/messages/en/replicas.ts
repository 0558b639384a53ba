/**
 * Read replicas (src/registry/replicas): the problem a write or an
 * authenticated read gets while the primary database cannot be reached.
 */
export const replicas = {
  'config.replicasNeedPrimary': 'DATABASE_REPLICA_URLS needs DATABASE_URL: read replicas follow a PostgreSQL primary',
  'problem.PRIMARY_UNAVAILABLE.title': 'The primary database is unavailable: the registry answers public reads only',
  'problem.replicas.primaryDown':
    'The registry cannot reach its primary database, so it accepts no writes and answers only public reads (from its replicas) for now; nothing was changed. Retry later; send public reads without a token to have them answered meanwhile.',
} as const;
