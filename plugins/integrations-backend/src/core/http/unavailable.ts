/** Seconds a client is told to wait when a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

// Sockets refused or cut, PostgreSQL connection exceptions (class 08), shutdown
// or restart (57P0x), out of connections (53300), SQLite's busy database.
const DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'SQLITE_BUSY',
]);

type ErrorLike = {
  name?: string;
  code?: unknown;
  message?: string;
  statusCode?: number;
  cause?: unknown;
  errors?: unknown[];
};

function isDown(error: ErrorLike | undefined, depth = 0): boolean {
  if (!error || depth > 3) return false;
  const code = String(error.code ?? '');
  if (DOWN_CODES.has(code) || code.startsWith('08')) return true;
  // pg's own words when the server goes away mid-connection.
  if (/^Connection terminated/.test(error.message ?? '')) return true;
  return [error.cause, ...(error.errors ?? [])].some(inner =>
    isDown(inner as ErrorLike, depth + 1),
  );
}

/**
 * What a request could not reach, when an error means a dependency is down
 * rather than a bug: the database, or a Backstage service it asks (permissions,
 * catalog, auth). The answer is then 503 with Retry-After, not a 500.
 */
export function unavailableDependency(
  error: unknown,
): 'database' | 'service' | undefined {
  const e = error as ErrorLike | undefined;
  if (!e) return undefined;
  // The pool found no connection in time: a database down, unreachable or full.
  if (e.name === 'KnexTimeoutError') return 'database';
  // Another backend plugin answered 5xx, or could not be reached at all.
  if (e.name === 'ResponseError' && (e.statusCode ?? 0) >= 500)
    return 'service';
  if (e.name === 'TypeError' && e.message === 'fetch failed') return 'service';
  return isDown(e) ? 'database' : undefined;
}
