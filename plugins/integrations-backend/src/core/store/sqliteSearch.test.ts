import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { IntegrationsStore, NewIntegration } from './IntegrationsStore';
import { searchTextOf, sortNameOf } from './searchText';

jest.setTimeout(60_000);

// The trigram table is SQLite's; PostgreSQL searches through pg_trgm (IntegrationList.test.ts).
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);
const MIGRATION = '20261126100000_sqlite_search_trigrams.js';
const actor = 'user:default/test';

function integration(
  name: string,
  url: string,
  keys: string[] = [],
): NewIntegration {
  return {
    id: randomUUID(),
    name,
    type: 'payments',
    owner: 'group:default/team-a',
    urls: [{ url }],
    projects: [],
    credentials: keys.map(key => ({ key, ciphertext: 'sealed', keyId: 'k' })),
  };
}

const applied = async (knex: Knex) =>
  (await knex.migrate.list({ directory }))[0].map(
    (m: any) => m.name ?? m.file ?? m,
  );

describe('search on SQLite through the trigram table', () => {
  let knex: Knex;
  let store: IntegrationsStore;
  const names = async (q: string) =>
    (await store.list({ q, limit: 50 })).items.map(i => i.name).sort();

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory });
    store = new IntegrationsStore(knex);
  });
  afterEach(async () => {
    await knex?.destroy();
  });

  it('finds names, URL fragments and credential keys, and only exact substrings', async () => {
    for (const input of [
      integration('Stripe EU', 'https://api.stripe.com/v1', ['STRIPE_KEY']),
      integration('Twilio voice', 'https://api.twilio.com', ['AUTH_TOKEN']),
      integration('100% "quoted" pay_now', 'https://pay.example.com/a_b'),
    ])
      await store.create(input, actor, new Date(), []);

    expect(await names('stripe')).toEqual(['Stripe EU']);
    expect(await names('twilio.co')).toEqual(['Twilio voice']);
    expect(await names('auth_tok')).toEqual(['Twilio voice']);
    expect(await names('"quoted"')).toEqual(['100% "quoted" pay_now']);
    expect(await names('0% "')).toEqual(['100% "quoted" pay_now']);
    expect(await names('pay_now')).toEqual(['100% "quoted" pay_now']);
    // `_` is literal: "payxnow" would match an unescaped LIKE, not this search.
    expect(await names('y_n')).toEqual(['100% "quoted" pay_now']);
    expect(await names('api.')).toEqual(['Stripe EU', 'Twilio voice']);
    // Shorter than a trigram: the LIKE alone answers.
    expect(await names('eu')).toEqual(['Stripe EU']);
    expect(await names('zzz')).toEqual([]);

    const [row] = await knex.raw(
      `EXPLAIN QUERY PLAN SELECT 1 FROM integrations_search WHERE integrations_search MATCH '"stripe"'`,
    );
    expect(JSON.stringify(row)).toContain('VIRTUAL TABLE INDEX');
  });

  it('follows renames and deletes', async () => {
    const created = await store.create(
      integration('Adyen', 'https://adyen.example.com', ['ADYEN_KEY']),
      actor,
      new Date(),
      [],
    );
    await store.update(
      created.id,
      created.version,
      {
        name: 'Mollie',
        type: created.type,
        owner: created.owner,
        urls: created.urls,
        addedProjects: [],
        removedProjects: [],
        credentials: [],
      },
      actor,
      new Date(),
      [],
    );
    expect(await names('mollie')).toEqual(['Mollie']);
    expect(await names('adyen')).toEqual(['Mollie']); // its URL and key still say adyen
    expect(await names('ady')).toEqual(['Mollie']);

    await store.delete(
      created.id,
      { actor, action: 'deleted', detail: {} },
      new Date(),
    );
    expect(await names('mollie')).toEqual([]);
    const [{ n }] = await knex('integrations_search_rows').count({ n: '*' });
    expect(Number(n)).toBe(0);
  });

  it('indexes rows written before the migration, and takes the table away again', async () => {
    while ((await applied(knex)).includes(MIGRATION))
      await knex.migrate.down({ directory });
    const now = new Date();
    await knex('integrations').insert({
      id: randomUUID(),
      name: 'Legacy Gateway',
      type: 'payments',
      owner: 'group:default/team-a',
      sort_name: sortNameOf('Legacy Gateway'),
      search_text: searchTextOf({
        name: 'Legacy Gateway',
        urls: [{ url: 'https://legacy.example.com' }],
        keys: ['LEGACY_KEY'],
      }),
      created_at: now,
      created_by: actor,
      updated_at: now,
      updated_by: actor,
      version: 1,
    });

    await knex.migrate.latest({ directory });
    expect(await names('legacy_k')).toEqual(['Legacy Gateway']);

    while ((await applied(knex)).includes(MIGRATION))
      await knex.migrate.down({ directory });
    expect(await knex.schema.hasTable('integrations_search_rows')).toBe(false);
    expect(await knex.schema.hasTable('integrations_search')).toBe(false);
    // The integration itself stays.
    expect(await knex('integrations').pluck('name')).toEqual([
      'Legacy Gateway',
    ]);
  });
});
