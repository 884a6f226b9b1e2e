import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { selectActivity, toActivity } from './hydration';
import { UsageStore } from './UsageStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())('usage store on %s', databaseId => {
  let knex: Knex;
  let store: UsageStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    store = new UsageStore(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  const at = (iso: string) => new Date(iso);
  const use = (overrides: object) => ({
    integrationId: 'i-1',
    consumer: 'plugin:billing',
    project: 'component:default/shop',
    day: '2026-11-20',
    count: 1,
    firstUsedAt: at('2026-11-20T10:00:00Z'),
    lastUsedAt: at('2026-11-20T10:00:00Z'),
    ...overrides,
  });

  it('adds to the day row and keeps the earliest first and latest last use', async () => {
    await store.add([
      use({ count: 3, lastUsedAt: at('2026-11-20T11:00:00Z') }),
      use({
        day: '2026-11-21',
        count: 2,
        firstUsedAt: at('2026-11-21T08:00:00Z'),
        lastUsedAt: at('2026-11-21T09:00:00Z'),
      }),
      use({ consumer: 'external:ci', count: 5 }),
      use({ integrationId: 'i-2', count: 7 }),
    ]);
    await store.add([
      use({
        count: 4,
        firstUsedAt: at('2026-11-20T09:00:00Z'),
        lastUsedAt: at('2026-11-20T10:30:00Z'),
      }),
    ]);

    expect(await knex('integration_usage').count({ n: '*' })).toEqual([
      { n: databaseId.startsWith('POSTGRES') ? '4' : 4 },
    ]);
    expect(await store.listUsage('i-1')).toEqual([
      {
        consumer: 'plugin:billing',
        project: 'component:default/shop',
        firstUsedAt: at('2026-11-20T09:00:00Z'),
        lastUsedAt: at('2026-11-21T09:00:00Z'),
        totalCount: 9,
        days: [
          { day: '2026-11-20', count: 7 },
          { day: '2026-11-21', count: 2 },
        ],
      },
      {
        consumer: 'external:ci',
        project: 'component:default/shop',
        firstUsedAt: at('2026-11-20T10:00:00Z'),
        lastUsedAt: at('2026-11-20T10:00:00Z'),
        totalCount: 5,
        days: [{ day: '2026-11-20', count: 5 }],
      },
    ]);
    expect(
      (await store.listUsage('i-1', { sinceDay: '2026-11-21' }))[0].days,
    ).toEqual([{ day: '2026-11-21', count: 2 }]);
    expect(await store.listUsage('unknown')).toEqual([]);
  });

  it('reads the last use and health of each integration of a page in its own statement', async () => {
    const now = new Date();
    await knex('integrations').insert(
      ['i-1', 'i-2', 'i-3'].map(id => ({
        id,
        name: id,
        type: 'ai',
        owner: 'group:default/a',
        sort_name: id,
        search_text: id,
        created_at: now,
        created_by: 'x',
        updated_at: now,
        updated_by: 'x',
      })),
    );
    // Several consumers on the newest day: the latest of them.
    await store.add([
      use({
        integrationId: 'i-2',
        consumer: 'plugin:other',
        day: '2026-11-22',
        firstUsedAt: at('2026-11-22T05:00:00Z'),
        lastUsedAt: at('2026-11-22T06:00:00Z'),
      }),
      use({
        integrationId: 'i-2',
        consumer: 'external:ci',
        day: '2026-11-22',
        firstUsedAt: at('2026-11-22T07:00:00Z'),
        lastUsedAt: at('2026-11-22T07:30:00Z'),
      }),
    ]);
    await knex('integration_check_health').insert({
      integration_id: 'i-3',
      status: 'unhealthy',
      last_run_id: 'run-1',
      checked_at: at('2026-11-22T08:00:00Z'),
      changed_at: at('2026-11-21T08:00:00Z'),
    });
    const rows = await selectActivity(
      knex,
      knex('integrations as i')
        .select('i.id')
        .whereIn('i.id', ['i-1', 'i-2', 'i-3', 'missing'])
        .orderBy('i.id'),
    );

    expect(rows.map((r: any) => [r.id, toActivity(r)])).toEqual([
      [
        'i-1',
        {
          lastUse: {
            day: '2026-11-21',
            lastUsedAt: at('2026-11-21T09:00:00Z'),
          },
        },
      ],
      [
        'i-2',
        {
          lastUse: {
            day: '2026-11-22',
            lastUsedAt: at('2026-11-22T07:30:00Z'),
          },
        },
      ],
      [
        'i-3',
        {
          health: {
            status: 'unhealthy',
            checkedAt: at('2026-11-22T08:00:00Z'),
            changedAt: at('2026-11-21T08:00:00Z'),
          },
        },
      ],
    ]);
  });
});
