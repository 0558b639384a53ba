// The event schemas live in the contract module; re-exported for the route files until they import it directly.
export * from '../contract/event-schemas.ts';
