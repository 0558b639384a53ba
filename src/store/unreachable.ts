// Socket errors that mean the server cannot be reached or went away.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATEs of a server that is shutting down, starting up or crashed (class 57P) besides class 08, connection exception.
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
// node-postgres reports a dropped or timed-out connection with these messages and no code.
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Query read timeout',
];

/**
 * isUnreachable tells whether err means the database server could not be
 * reached or dropped the connection (as opposed to refusing the statement):
 * a read may then be retried on another server, and a write is answered as
 * "primary unavailable" rather than as an internal error.
 */
export function isUnreachable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_GONE.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((m) => message.includes(m))) return true;
  // Node reports a refused connection to every address of a host as an AggregateError of them.
  return Array.isArray(errors) && errors.length > 0 && errors.every(isUnreachable);
}
