import type { Store } from '../store/store.ts';
import { newestMigration, type SchemaState, schemaState } from '../store/schema-state.ts';
import { metrics } from '../metrics/metrics.ts';

/** Readiness is what /readyz reports: whether this server should get traffic now, and why not. */
export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  schema: SchemaState | 'unknown';
  stopping: boolean;
}

/** READY_CHECK_TIMEOUT_MS bounds the readiness query: a database that does not answer in time is unreachable. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/** Health is a server's liveness and readiness: stopping is set when a graceful shutdown begins. */
export class Health {
  stopping = false;
  private readonly newest = newestMigration();

  constructor(private readonly store: Store) {}

  /** readiness asks the database (bounded by READY_CHECK_TIMEOUT_MS) whether it answers and its schema is this build's. */
  async readiness(): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('readiness check timed out')), READY_CHECK_TIMEOUT_MS);
    });
    let database: Readiness['database'] = 'ok';
    let schema: Readiness['schema'] = 'unknown';
    try {
      schema = await Promise.race([schemaState(this.store, this.newest), timeout]);
    } catch {
      database = 'unreachable';
    } finally {
      clearTimeout(timer);
    }
    const ready = !this.stopping && database === 'ok' && schema === 'current';
    metrics.ready.set(ready ? 1 : 0);
    return { ready, database, schema, stopping: this.stopping };
  }
}
