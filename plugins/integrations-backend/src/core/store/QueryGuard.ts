import { Knex } from 'knex';
import { ServiceUnavailableError } from '@backstage/errors';
import { ServiceCalls } from './ServiceCalls';

export interface QueryGuardOptions {
  /** List queries running at once; the rest of the pool stays free for get and resolve. */
  maxConcurrent: number;
  /** While these are in flight, at most `maxConcurrentWhileServing` list queries run. */
  serviceCalls?: ServiceCalls;
  maxConcurrentWhileServing?: number;
  /** PostgreSQL cancels a list statement that runs longer than this. */
  statementTimeoutMs: number;
}

/** Thrown when the caller went away (its signal aborted) before the query finished. */
export class QueryAbortedError extends Error {
  name = 'QueryAbortedError';
}

const QUERY_CANCELED = '57014';

/** Binds a query to the guarded connection and its statement timeout; run it after binding. */
export type GuardedQuery = <Q extends Knex.QueryBuilder>(query: Q) => Q;

/**
 * Protects the database from expensive list queries: a bulkhead (at most
 * `maxConcurrent` at once, fewer while resolves are in flight; others wait),
 * a statement timeout on PostgreSQL (knex cancels the statement when it runs
 * too long), and cancellation of a running statement when the HTTP client
 * goes away (pg_cancel_backend through knex's own out-of-pool connection, so
 * it works even when the pool is exhausted). The queries of one call share one pooled connection and no
 * transaction: no round trips beyond the queries themselves.
 */
export class QueryGuard {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly isPg: boolean;

  constructor(
    private readonly db: Knex,
    private readonly options: QueryGuardOptions,
  ) {
    this.isPg = db.client.config.client === 'pg';
  }

  async run<T>(
    signal: AbortSignal | undefined,
    query: (guarded: GuardedQuery) => Promise<T>,
  ): Promise<T> {
    await this.acquire(signal);
    try {
      if (!this.isPg) return await query(q => q);
      return await this.runOnPostgres(signal, query);
    } finally {
      this.release();
    }
  }

  private async runOnPostgres<T>(
    signal: AbortSignal | undefined,
    query: (guarded: GuardedQuery) => Promise<T>,
  ): Promise<T> {
    const { client } = this.db;
    const connection = await client.acquireConnection();
    let held = true;
    let cancelling: Promise<unknown> | undefined;
    const cancel = () => {
      // Only while we hold the connection: afterwards its pid serves someone else.
      if (held) cancelling = client.cancelQuery(connection).catch(() => {});
    };
    signal?.addEventListener('abort', cancel, { once: true });
    const timeoutMs = this.options.statementTimeoutMs;
    try {
      if (signal?.aborted) throw new QueryAbortedError('client went away');
      return await query(
        q =>
          q
            .connection(connection)
            .timeout(timeoutMs, { cancel: true }) as typeof q,
      );
    } catch (error) {
      if (signal?.aborted) throw new QueryAbortedError('client went away');
      const { name, code } = error as { name?: string; code?: string };
      if (name === 'KnexTimeoutError' || code === QUERY_CANCELED) {
        throw new ServiceUnavailableError(
          `The search took longer than ${timeoutMs} ms and was stopped; narrow it with more characters, a type or a project`,
        );
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', cancel);
      // A cancel still on its way must land before the connection serves another query.
      await cancelling;
      held = false;
      await client.releaseConnection(connection);
    }
  }
  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted)
      return Promise.reject(new QueryAbortedError('client went away'));
    if (this.running < this.limit()) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      let onAbort = () => {};
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running += 1;
        resolve();
      };
      onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new QueryAbortedError('client went away'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private limit(): number {
    const { maxConcurrent, serviceCalls, maxConcurrentWhileServing } =
      this.options;
    return serviceCalls?.busy
      ? Math.min(maxConcurrent, maxConcurrentWhileServing ?? 1)
      : maxConcurrent;
  }

  private release() {
    this.running -= 1;
    // The limit may have risen since these queued (the resolves finished).
    while (this.waiting.length > 0 && this.running < this.limit())
      this.waiting.shift()!();
  }
}
