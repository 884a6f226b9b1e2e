import { Knex } from 'knex';
import { ServiceUnavailableError } from '@backstage/errors';

export interface QueryGuardOptions {
  /** List queries running at once; the rest of the pool stays free for get and resolve. */
  maxConcurrent: number;
  /** PostgreSQL cancels a list statement that runs longer than this. */
  statementTimeoutMs: number;
}

/** Thrown when the caller went away (its signal aborted) before the query finished. */
export class QueryAbortedError extends Error {
  name = 'QueryAbortedError';
}

const QUERY_CANCELED = '57014';

/**
 * Protects the database from expensive list queries: a bulkhead (at most
 * `maxConcurrent` at once, others wait), a statement timeout on PostgreSQL
 * (SET LOCAL inside the query's transaction), and cancellation of a running
 * statement when the HTTP client goes away (pg_cancel_backend through knex's
 * own out-of-pool connection, so it works even when the pool is exhausted).
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
    query: (db: Knex) => Promise<T>,
  ): Promise<T> {
    await this.acquire(signal);
    try {
      if (!this.isPg) return await query(this.db);
      return await this.runOnPostgres(signal, query);
    } finally {
      this.release();
    }
  }

  private async runOnPostgres<T>(
    signal: AbortSignal | undefined,
    query: (db: Knex) => Promise<T>,
  ): Promise<T> {
    let active = true;
    let pid: number | undefined;
    const cancel = () => {
      // Only while our transaction holds the connection: the pid is reused afterwards.
      if (active && pid !== undefined)
        this.db.client.cancelQuery({ processID: pid }).catch(() => {});
    };
    try {
      return await this.db.transaction(async tx => {
        const result = await tx.raw(
          "select set_config('statement_timeout', ?, true), pg_backend_pid() as pid",
          [String(this.options.statementTimeoutMs)],
        );
        pid = Number(result.rows[0].pid);
        signal?.addEventListener('abort', cancel, { once: true });
        if (signal?.aborted) throw new QueryAbortedError('client went away');
        try {
          return await query(tx);
        } finally {
          active = false;
        }
      });
    } catch (error) {
      if (signal?.aborted) throw new QueryAbortedError('client went away');
      if ((error as { code?: string }).code === QUERY_CANCELED) {
        throw new ServiceUnavailableError(
          `The search took longer than ${this.options.statementTimeoutMs} ms and was stopped; narrow it with more characters, a type or a project`,
        );
      }
      throw error;
    } finally {
      active = false;
      signal?.removeEventListener('abort', cancel);
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted)
      return Promise.reject(new QueryAbortedError('client went away'));
    if (this.running < this.options.maxConcurrent) {
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

  private release() {
    this.running -= 1;
    this.waiting.shift()?.();
  }
}
