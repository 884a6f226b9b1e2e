import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { QueryAbortedError, QueryGuard } from './QueryGuard';
import { ServiceCalls } from './ServiceCalls';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('query guard on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  it('runs at most maxConcurrent queries at once; a waiter whose client left gives up', async () => {
    const guard = new QueryGuard(knex, {
      maxConcurrent: 1,
      statementTimeoutMs: 5_000,
    });
    let release!: () => void;
    const first = guard.run(undefined, async () => {
      await new Promise<void>(resolve => {
        release = resolve;
      });
      return 'first';
    });
    const gone = new AbortController();
    const abandoned = guard.run(gone.signal, async () => 'never');
    let secondStarted = false;
    const second = guard.run(undefined, async () => {
      secondStarted = true;
      return 'second';
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(secondStarted).toBe(false);
    gone.abort();
    await expect(abandoned).rejects.toBeInstanceOf(QueryAbortedError);
    release();
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
  });

  it('runs one list query at a time while a resolve is in flight, and the rest once it ends', async () => {
    const serviceCalls = new ServiceCalls();
    const guard = new QueryGuard(knex, {
      maxConcurrent: 3,
      maxConcurrentWhileServing: 1,
      serviceCalls,
      statementTimeoutMs: 5_000,
    });
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const list = () =>
      guard.run(undefined, async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>(resolve => gates.push(resolve));
        running -= 1;
      });
    let endResolve!: () => void;
    const resolving = serviceCalls.during(
      () => new Promise<void>(resolve => (endResolve = resolve)),
    );
    const lists = [list(), list(), list()];
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(running).toBe(1);
    endResolve();
    await resolving;
    // The first list's end lets both waiters in: the limit is back at 3.
    gates.shift()!();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(running).toBe(2);
    gates.splice(0).forEach(open => open());
    await Promise.all(lists);
    expect(most).toBe(2);
  });
});

// Statement timeouts and cancellation are PostgreSQL's; SQLite runs in process.
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

describe.each(postgres)('query guard protections on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  it('stops a statement that runs past the timeout with a 503', async () => {
    const guard = new QueryGuard(knex, {
      maxConcurrent: 2,
      statementTimeoutMs: 100,
    });
    const started = Date.now();
    await expect(
      guard.run(undefined, guarded =>
        guarded(knex.select(knex.raw('pg_sleep(5)'))),
      ),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
    // Nothing was set on the pooled connection.
    const { rows } = await knex.raw('show statement_timeout');
    expect(rows[0].statement_timeout).toBe('0');
  });

  it('cancels the running statement when the client goes away', async () => {
    const guard = new QueryGuard(knex, {
      maxConcurrent: 2,
      statementTimeoutMs: 30_000,
    });
    const gone = new AbortController();
    const started = Date.now();
    const running = guard.run(gone.signal, guarded =>
      guarded(knex.select(knex.raw("pg_sleep(5), 'bench-guard-probe'"))),
    );
    await new Promise(resolve => setTimeout(resolve, 200));
    gone.abort();
    await expect(running).rejects.toBeInstanceOf(QueryAbortedError);
    expect(Date.now() - started).toBeLessThan(2_000);
    const { rows } = await knex.raw(
      "select count(*)::int as n from pg_stat_activity where query like '%bench-guard-probe%' and state = 'active' and pid <> pg_backend_pid()",
    );
    expect(rows[0].n).toBe(0);
  });
});
