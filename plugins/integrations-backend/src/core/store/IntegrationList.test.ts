import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { COUNT_CAP, IntegrationList } from './IntegrationList';
import { IntegrationsStore, NewIntegration } from './IntegrationsStore';
import { searchTextOf, sortNameOf } from './searchText';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);
const CANARY = 'canary-ciphertext-7f3a';

function integration(
  name: string,
  overrides: Partial<NewIntegration> = {},
): NewIntegration {
  return {
    id: randomUUID(),
    name,
    type: 'ai',
    owner: 'group:default/team-a',
    urls: [{ url: 'https://api.example.com/v1' }],
    projects: [],
    credentials: [{ key: 'API_KEY', ciphertext: CANARY, keyId: 'k1' }],
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('list queries on %s', databaseId => {
  let knex: Knex;
  let store: IntegrationsStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
  });
  beforeEach(async () => {
    for (const table of [
      'integration_urls',
      'integration_projects',
      'integration_credentials',
      'integration_events',
      'integrations',
    ])
      await knex(table).delete();
    store = new IntegrationsStore(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  const add = (input: NewIntegration) =>
    store.create(input, 'user:default/test', new Date(), []);
  const names = async (q: string) =>
    (await store.list({ q, limit: 50 })).items.map(i => i.name).sort();

  it('finds a substring of the name, a URL or a credential key in any case, never a value', async () => {
    await add(integration('OpenAI Production'));
    await add(
      integration('Twilio', {
        type: 'telephony',
        urls: [{ url: 'https://voice.Twilio.example/2010-04-01' }],
        credentials: [{ key: 'ACCOUNT_SID', ciphertext: CANARY, keyId: 'k1' }],
      }),
    );
    await add(integration('Ärztekammer Gateway'));

    expect(await names('openai')).toEqual(['OpenAI Production']);
    expect(await names('PRODUCTION')).toEqual(['OpenAI Production']);
    expect(await names('twilio.example/2010')).toEqual(['Twilio']);
    expect(await names('account_sid')).toEqual(['Twilio']);
    expect(await names('ärzte')).toEqual(['Ärztekammer Gateway']);
    expect(await names('ÄRZTE')).toEqual(['Ärztekammer Gateway']);
    expect(await names(CANARY)).toEqual([]);
    expect(await names('canary')).toEqual([]);
  });

  it('finds one- and two-character searches in names, URLs and keys, and follows renames', async () => {
    await add(
      integration('Zq Labs', {
        urls: [{ url: 'https://x.example/Ñu' }],
        credentials: [{ key: 'K9', ciphertext: CANARY, keyId: 'k1' }],
      }),
    );
    await add(integration('Other'));

    expect(await names('zq')).toEqual(['Zq Labs']);
    expect(await names('Q')).toEqual(['Zq Labs']);
    expect(await names('ñ')).toEqual(['Zq Labs']);
    expect(await names('k9')).toEqual(['Zq Labs']);
    expect(await names('o')).toEqual(['Other']);
    // The name ends and a URL starts: no piece spans the two.
    expect(await names('sh')).toEqual([]);

    const [zq] = (await store.list({ q: 'zq', limit: 1 })).items;
    await store.update(
      zq.id,
      zq.version,
      {
        name: 'Yv Labs',
        type: zq.type,
        owner: zq.owner,
        urls: [],
        addedProjects: [],
        removedProjects: [],
        credentials: [{ kind: 'remove', key: 'K9' }],
      },
      'user:default/test',
      new Date(),
      [],
    );
    expect(await names('zq')).toEqual([]);
    expect(await names('yv')).toEqual(['Yv Labs']);
  });

  it('matches % and _ literally', async () => {
    const plain = { credentials: [] };
    await add(integration('50% off', plain));
    await add(integration('500 off', plain));
    await add(integration('A_B', plain));
    await add(integration('AxB', plain));
    await add(integration('back\\slash', plain));

    expect(await names('50%')).toEqual(['50% off']);
    expect(await names('%')).toEqual(['50% off']);
    expect(await names('a_b')).toEqual(['A_B']);
    expect(await names('_')).toEqual(['A_B']);
    expect(await names('k\\s')).toEqual(['back\\slash']);
  });

  it('keeps the search column up to date on update', async () => {
    const created = await add(integration('Stripe'));
    await store.update(
      created.id,
      1,
      {
        name: 'Stripe EU',
        type: 'payments',
        owner: created.owner,
        urls: [{ url: 'https://eu.stripe.example' }],
        addedProjects: [],
        removedProjects: [],
        credentials: [
          { kind: 'remove', key: 'API_KEY' },
          {
            kind: 'add',
            key: 'WEBHOOK_SECRET',
            ciphertext: CANARY,
            keyId: 'k1',
          },
        ],
      },
      'user:default/test',
      new Date(),
      [],
    );
    expect(await names('eu.stripe')).toEqual(['Stripe EU']);
    expect(await names('webhook_')).toEqual(['Stripe EU']);
    expect(await names('api_key')).toEqual([]);
    expect(await names('api.example.com')).toEqual([]);
    // PostgreSQL's index copy of the text follows the update.
    const isPg = databaseId.startsWith('POSTGRES');
    const [copy] = isPg
      ? await knex('integrations')
          .where('id', created.id)
          .select(knex.raw('search_short = search_text as same'))
      : [undefined];
    expect(copy).toEqual(isPg ? { same: true } : undefined);
  });

  it('pages by cursor without duplicates or gaps while rows are inserted', async () => {
    const original = new Set<string>();
    for (let i = 0; i < 30; i++) {
      // Repeated names: the id breaks ties in the order.
      const created = await add(
        integration(`Service ${String(i % 12).padStart(2, '0')}`),
      );
      original.add(created.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ limit: 7, cursor });
      seen.push(...page.items.map(i => i.id));
      cursor = page.nextCursor;
      pages += 1;
      // Inserted between page loads, before and after the position reached.
      await add(integration(`Service 00 late ${pages}`));
      await add(integration(`Service zz late ${pages}`));
    } while (cursor && pages < 50);

    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);
    const all = (await store.list({ limit: 200 })).items;
    const order = all.map(i => i.id);
    const positions = seen.map(id => order.indexOf(id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(all.map(i => sortNameOf(i.name))).toEqual(
      [...all.map(i => sortNameOf(i.name))].sort(),
    );
  });

  it('refuses a cursor it did not hand out, naming the field', async () => {
    await expect(
      store.list({ limit: 5, cursor: 'not-a-cursor' }),
    ).rejects.toThrow(/^cursor: /);
  });

  it('counts per type ignoring the type filter, and the total with it', async () => {
    await add(integration('One', { type: 'ai' }));
    await add(integration('Two', { type: 'ai' }));
    await add(integration('Three', { type: 'payments' }));
    await add(
      integration('Four', {
        type: 'telephony',
        projects: ['component:default/shop'],
      }),
    );

    const all = await store.list({ types: ['ai'], limit: 10 });
    expect(all.typeCounts).toEqual({ ai: 2, payments: 1, telephony: 1 });
    expect(all.totalCount).toBe(2);
    expect(all.countsCapped).toBe(false);

    const searched = await store.list({
      q: 'f',
      types: ['payments'],
      limit: 10,
    });
    expect(searched.typeCounts).toEqual({ telephony: 1 });
    expect(searched.totalCount).toBe(0);

    const project = await store.list({
      project: 'component:default/shop',
      limit: 10,
    });
    expect(project.items.map(i => i.name)).toEqual(['Four']);
    expect(project.typeCounts).toEqual({ telephony: 1 });

    // A create through the store is counted at once, not after the cache expires.
    await add(integration('Five', { type: 'payments' }));
    expect((await store.list({ limit: 1 })).typeCounts).toEqual({
      ai: 2,
      payments: 2,
      telephony: 1,
    });
  });

  it('pages a search in name order when its matches cluster past the first names', async () => {
    const now = new Date();
    const row = (
      name: string,
      urls: Array<{ url: string }> = [],
      keys: string[] = [],
    ) => ({
      id: randomUUID(),
      name,
      type: 'ai',
      owner: 'group:default/team-a',
      sort_name: sortNameOf(name),
      search_text: searchTextOf({ name, urls, keys }),
      created_at: now,
      created_by: 'test',
      updated_at: now,
      updated_by: 'test',
      version: 1,
    });
    const pad = (i: number) => String(i).padStart(4, '0');
    // Search text longer than PostgreSQL's index copy holds (search_short,
    // migration 20261207180000): such rows are checked on the table.
    const long = [{ url: `https://${'a'.repeat(1600)}.example` }];
    // 2,100 names that do not match sort first; 1,050 matches sort after them,
    // every seventh with a long text; among them long rows that match only
    // past the copy's bound (a credential key) and long rows that do not.
    const rows = [
      ...Array.from({ length: 2100 }, (_, i) => row(`Acme ${pad(i)}`)),
      ...Array.from({ length: COUNT_CAP + 50 }, (_, i) =>
        row(`Zeta twilio ${pad(i)}`, i % 7 ? [] : long),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        row(`Zeta twilio ${pad(i * 50)} key`, long, [`KEY_TWILIO_${i}`]),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        row(`Zeta tw ${pad(i * 50)} other`, long, ['OTHER']),
      ),
    ];
    for (let i = 0; i < rows.length; i += 100)
      await knex('integrations').insert(rows.slice(i, i + 100));
    // PostgreSQL keeps the copy: the text itself when short, none when long.
    const isPg = databaseId.startsWith('POSTGRES');
    const uncopied = Math.ceil((COUNT_CAP + 50) / 7) + 40;
    const [copies] = isPg
      ? await knex('integrations').select(
          knex.raw(
            'count(*) filter (where search_short = search_text)::int as copied',
          ),
          knex.raw(
            'count(*) filter (where search_short is null)::int as uncopied',
          ),
        )
      : [undefined];
    expect(copies).toEqual(
      isPg ? { copied: rows.length - uncopied, uncopied } : undefined,
    );

    const first = await store.list({ q: 'twilio', limit: 3 });
    expect(first.countsCapped).toBe(true);
    expect(first.items.map(i => i.name)).toEqual([
      'Zeta twilio 0000',
      'Zeta twilio 0000 key',
      'Zeta twilio 0001',
    ]);
    const next = await store.list({
      q: 'twilio',
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(next.items.map(i => i.name)).toEqual([
      'Zeta twilio 0002',
      'Zeta twilio 0003',
      'Zeta twilio 0004',
    ]);
    // Every match exactly once, in order, however small the windows: the walk
    // steps over the cluster window by window, or sorts what is left after them.
    const expected = rows
      .filter(r => r.search_text.includes('twilio'))
      .map(r => r.name)
      .sort();
    for (const windows of [[100], [500, 1000], [2130, 37], [1000, 4000]]) {
      const list = new IntegrationList(
        knex,
        { maxConcurrent: 4, statementTimeoutMs: 5_000 },
        windows,
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const listed = await list.list({ q: 'twilio', limit: 200, cursor });
        seen.push(...listed.items.map(i => i.name));
        cursor = listed.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
    // Under the cap the matches are sorted directly.
    const few = await store.list({ q: 'twilio 001', limit: 20 });
    expect(few.countsCapped).toBe(false);
    expect(few.items.map(i => i.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Zeta twilio ${pad(10 + i)}`),
    );
  });

  it('stops counting at the cap under a search and says so', async () => {
    const now = new Date();
    const rows = Array.from({ length: COUNT_CAP + 20 }, (_, i) => {
      const name = `Bulk ${i}`;
      const urls = [{ url: `https://bulk${i}.example` }];
      return {
        id: randomUUID(),
        name,
        type: i % 2 ? 'ai' : 'payments',
        owner: 'group:default/team-a',
        sort_name: sortNameOf(name),
        search_text: searchTextOf({ name, urls, keys: [] }),
        created_at: now,
        created_by: 'test',
        updated_at: now,
        updated_by: 'test',
        version: 1,
      };
    });
    for (let i = 0; i < rows.length; i += 100)
      await knex('integrations').insert(rows.slice(i, i + 100));

    const searched = await store.list({ q: 'bulk', limit: 5 });
    expect(searched.countsCapped).toBe(true);
    expect(searched.totalCount).toBeGreaterThanOrEqual(COUNT_CAP);
    const typed = await store.list({ q: 'bulk', types: ['ai'], limit: 5 });
    // Half the rows are 'ai': counted exactly, under the cap.
    expect(typed.totalCount).toBe((COUNT_CAP + 20) / 2);
    expect(typed.countsCapped).toBe(true);
    expect(typed.items.every(i => i.type === 'ai')).toBe(true);

    const narrow = await store.list({ q: 'bulk 101', limit: 50 });
    expect(narrow.countsCapped).toBe(false);
    // bulk 101 and bulk 1010..1019
    expect(narrow.totalCount).toBe(11);

    const whole = await store.list({ limit: 5 });
    expect(whole.countsCapped).toBe(false);
    expect(whole.totalCount).toBe(COUNT_CAP + 20);
  });

  it('applies IS_OWNER and IS_ASSIGNED_TO conditions in SQL', async () => {
    await add(integration('Mine', { owner: 'user:default/alice' }));
    await add(
      integration('Assigned', { projects: ['component:default/shop'] }),
    );
    await add(integration('Other'));
    const list = async (filter: any) =>
      (await store.list({ limit: 10, filter })).items.map(i => i.name).sort();

    expect(
      await list({ property: 'owner', values: ['user:default/alice'] }),
    ).toEqual(['Mine']);
    expect(
      await list({
        anyOf: [
          { property: 'owner', values: ['user:default/alice'] },
          { property: 'project', values: ['component:default/shop'] },
        ],
      }),
    ).toEqual(['Assigned', 'Mine']);
    expect(await list({ property: 'owner', values: [] })).toEqual([]);
    expect(
      await list({
        not: { property: 'owner', values: ['user:default/alice'] },
      }),
    ).toEqual(['Assigned', 'Other']);
  });
});
