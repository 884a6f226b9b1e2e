import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { IntegrationList } from './IntegrationList';
import { likePart, likeTrigrams, searchTextOf, sortNameOf } from './searchText';

jest.setTimeout(60_000);

// The rarest part is PostgreSQL's (pg_trgm); SQLite searches through its trigram table.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);
const GUARD = { maxConcurrent: 4, statementTimeoutMs: 5_000 };

describe('likePart', () => {
  const common = new Set(['tok', 'oke', 'ken', 'en ', '  t', ' to', 'api']);
  const frequency = (t: string) => (common.has(t) ? 1 : 0.001);

  it('leaves the trigrams every row has to the recheck', () => {
    const part = likePart('TOKEN_4217', frequency)!;
    expect('token_4217').toContain(part);
    expect(likeTrigrams(part).some(t => common.has(t))).toBe(false);
  });

  it('looks a search up whole when no part reads less', () => {
    expect(likePart('billing', () => 0.1)).toBeUndefined();
    expect(likePart('token', frequency)).toBeUndefined();
    expect(likePart('to', frequency)).toBeUndefined();
    expect(likePart('x'.repeat(41), frequency)).toBeUndefined();
  });
});

describe('search by the rarest part on PostgreSQL', () => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_15');
    await knex.migrate.latest({ directory });
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  it('takes the trigrams pg_trgm takes', async () => {
    for (const text of [
      'token_4217',
      'https://api-42.stripe.example/v1',
      'a b-cd efg',
      'x',
      '100% pay_now',
    ]) {
      const { rows } = await knex.raw('select show_trgm(?) as t', [text]);
      // Bounded by non-word characters on both sides, every word is padded as in the column.
      expect(likeTrigrams(`.${text}.`).sort()).toEqual([...rows[0].t].sort());
    }
  });

  it('finds exactly what the whole search finds', async () => {
    const now = new Date();
    const rows = Array.from({ length: 300 }, (_, i) => {
      const name = `Vendor ${i % 7} ${i}`;
      const urls = [{ url: `https://api-${i}.vendor.example/v1` }];
      return {
        id: randomUUID(),
        name,
        type: 'ai',
        owner: 'group:default/team-a',
        sort_name: sortNameOf(name),
        search_text: searchTextOf({
          name,
          urls,
          keys: ['API_KEY', `TOKEN_${i}`],
        }),
        created_at: now,
        created_by: 'test',
        updated_at: now,
        updated_by: 'test',
        version: 1,
      };
    });
    for (let i = 0; i < rows.length; i += 100)
      await knex('integrations').insert(rows.slice(i, i + 100));

    const parts = new IntegrationList(knex, GUARD);
    await parts.trigrams!.refresh();
    const frequency = parts.trigrams!.frequency()!;
    expect(frequency('tok')).toBe(1);
    const whole = new IntegrationList(knex, GUARD, undefined, false);
    const searches = [
      'token_217',
      'TOKEN_21',
      'api-21',
      'api-42.vendor',
      'vendor 3 1',
      '_21',
      'token_',
      'no such thing',
    ];
    // At least one of them is looked up by a part, or the test proves nothing.
    expect(searches.some(q => likePart(q, frequency))).toBe(true);
    for (const q of searches) {
      const names = async (list: IntegrationList) =>
        (await list.list({ q, limit: 500 })).items.map(i => i.name);
      expect(await names(parts)).toEqual(await names(whole));
    }
    expect(
      (await parts.list({ q: 'token_217', limit: 5 })).items.map(i => i.name),
    ).toEqual(['Vendor 0 217']);
  });
});
