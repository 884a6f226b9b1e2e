import request from 'supertest';
import { Knex } from 'knex';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  integrationBody,
  startIntegrationsBackend,
  testConfig,
  userHeader,
} from '../../__testUtils__/testBackend';
import { UsageStore } from '../store/UsageStore';
import { whereUnused } from '../store/unusedFilter';
import { isUnused, unusedCutoff } from './unused';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe('unusedCutoff and isUnused', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  const cutoff = unusedCutoff(now, 30);

  it('starts on the UTC day N days ago', () => {
    expect(cutoff).toEqual({
      sinceDay: '2026-10-25',
      createdBefore: new Date('2026-10-25T10:00:00Z'),
    });
  });

  it('calls unused only what is older than N days and has no use since', () => {
    const old = new Date('2026-01-01T00:00:00Z');
    expect(isUnused({ createdAt: old }, cutoff)).toBe(true);
    expect(
      isUnused({ createdAt: old, lastUsedDay: '2026-10-24' }, cutoff),
    ).toBe(true);
    expect(
      isUnused({ createdAt: old, lastUsedDay: '2026-10-25' }, cutoff),
    ).toBe(false);
    expect(isUnused({ createdAt: new Date('2026-11-01') }, cutoff)).toBe(false);
  });
});

describe.each(databases.eachSupportedId())(
  'unused integrations on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    const auth = { Authorization: userHeader() };
    const list = (query: string) =>
      request(backend.server)
        .get(`/api/integrations/integrations?${query}`)
        .set(auth);
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const config = testConfig() as any;
      // Configurable: 20 days here, 30 by default.
      config.integrationsHub.usage = { unusedAfterDays: 20 };
      backend = await startIntegrationsBackend({ knex, config });
      for (const [name, type] of [
        ['Recent', 'ai'],
        ['Stale', 'ai'],
        ['Never', 'telephony'],
        ['Fresh', 'ai'],
      ]) {
        const res = await request(backend.server)
          .post('/api/integrations/integrations')
          .set(auth)
          .send(integrationBody({ name, type }));
        if (res.status !== 201)
          throw new Error(`create ${name}: ${res.status}`);
        ids[name] = res.body.id;
      }
      // Arrange history: three of them have existed for 60 days.
      await knex('integrations')
        .whereIn('id', [ids.Recent, ids.Stale, ids.Never])
        .update({ created_at: daysAgo(60) });
      const use = (name: string, at: Date) => ({
        integrationId: ids[name],
        consumer: 'plugin:billing',
        project: 'component:default/checkout',
        day: at.toISOString().slice(0, 10),
        count: 3,
        firstUsedAt: at,
        lastUsedAt: at,
      });
      await new UsageStore(knex).add([
        use('Recent', daysAgo(2)),
        use('Stale', daysAgo(25)),
        use('Stale', daysAgo(40)),
      ]);
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });

    it('lists only integrations nobody resolved for N days, with counts for that filter', async () => {
      const res = await list('unused=true');
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => [i.name, i.unused])).toEqual([
        ['Never', true],
        ['Stale', true],
      ]);
      expect(res.body.totalCount).toBe(2);
      expect(res.body.typeCounts).toEqual({ ai: 1, telephony: 1 });
      const stale = res.body.items.find((i: any) => i.name === 'Stale');
      expect(new Date(stale.lastUsedAt).getTime()).toBeCloseTo(
        daysAgo(25).getTime(),
        -5,
      );

      const narrowed = await list('unused=true&type=ai');
      expect(narrowed.body.items.map((i: any) => i.name)).toEqual(['Stale']);
      const all = await list('unused=false');
      expect(all.body.totalCount).toBe(4);
    });

    it('marks every listed and fetched integration with its last use and whether it is unused', async () => {
      const res = await list('');
      const byName = Object.fromEntries(
        res.body.items.map((i: any) => [i.name, i]),
      );
      expect(byName.Recent.lastUsedAt).toEqual(expect.any(String));
      expect(byName.Recent).not.toHaveProperty('unused');
      // Younger than N days: not unused, though never used.
      expect(byName.Fresh).not.toHaveProperty('unused');
      expect(byName.Fresh).not.toHaveProperty('lastUsedAt');
      expect(byName.Never.unused).toBe(true);
      expect(byName.Stale.unused).toBe(true);

      const one = await request(backend.server)
        .get(`/api/integrations/integrations/${ids.Stale}`)
        .set(auth);
      expect(one.body).toMatchObject({
        unused: true,
        lastUsedAt: byName.Stale.lastUsedAt,
      });
    });

    it('reads the last use of a whole page in one query, never one per item', async () => {
      const usageQueries: string[] = [];
      const onQuery = (q: { sql: string }) => {
        if (q.sql.includes('integration_usage')) usageQueries.push(q.sql);
      };
      knex.on('query', onQuery);
      try {
        expect((await list('limit=4')).body.items).toHaveLength(4);
      } finally {
        knex.off('query', onQuery);
      }
      expect(usageQueries).toHaveLength(1);
    });

    it('refuses a value other than true or false, naming the parameter', async () => {
      const res = await list('unused=maybe');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('unused: expected a boolean');
    });

    it('seeks the usage index for the filter and the last use', async () => {
      const filter = knex('integrations as i').select('i.id');
      whereUnused(knex, filter, unusedCutoff(new Date(), 20));
      const lastDay = knex('integration_usage as d')
        .max('d.day')
        .where('d.integration_id', ids.Stale);
      for (const query of [filter, lastDay]) {
        const plan = await knex.transaction(async tx => {
          if (databaseId.startsWith('POSTGRES')) {
            // Tiny tables: make the planner show which index it can seek.
            await tx.raw('set local enable_seqscan = off');
            const rows = (await tx.raw(`explain ${query.toQuery()}`)).rows;
            return JSON.stringify(rows);
          }
          return JSON.stringify(
            await tx.raw(`explain query plan ${query.toQuery()}`),
          );
        });
        expect(plan).toContain('integration_usage_recent_idx');
      }
    });
  },
);
