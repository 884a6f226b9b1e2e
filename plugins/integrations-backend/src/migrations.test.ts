import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { searchTextOf, sortNameOf } from './core/store/searchText';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);
const TABLES = [
  'integrations',
  'integration_urls',
  'integration_projects',
  'integration_credentials',
  'integration_events',
];

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('migrates up and all the way down again', async () => {
    const knex = await databases.init(databaseId);
    try {
      await knex.migrate.latest({ directory });
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(true);

      await knex.migrate.rollback({ directory }, true);
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(false);

      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('integrations')).toBe(true);
    } finally {
      await knex.destroy();
    }
  });

  it('adds pauses, credential versions and notices, and takes them away again', async () => {
    const knex = await databases.init(databaseId);
    const migration = '20261124300000_versions_pauses.js';
    try {
      await knex.migrate.latest({ directory });
      expect(
        await knex.schema.hasColumn('integration_projects', 'paused_at'),
      ).toBe(true);
      expect(
        await knex.schema.hasColumn('integration_credentials', 'rotated_by'),
      ).toBe(true);
      expect(
        await knex.schema.hasTable('integration_credential_versions'),
      ).toBe(true);
      expect(await knex.schema.hasTable('integration_credential_notices')).toBe(
        true,
      );

      // Down to just before this migration; the tables before it keep working.
      while (
        (await knex.migrate.list({ directory }))[0].some(
          (m: any) => (m.name ?? m.file ?? m) === migration,
        )
      )
        await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('integration_projects', 'paused_at'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('integration_credentials', 'rotated_by'),
      ).toBe(false);
      expect(
        await knex.schema.hasTable('integration_credential_versions'),
      ).toBe(false);
      expect(await knex.schema.hasTable('integration_projects')).toBe(true);
    } finally {
      await knex.destroy();
    }
  });

  it('adds connection check definitions, results and health, and takes them away again', async () => {
    const knex = await databases.init(databaseId);
    const migration = '20261124200000_connection_checks.js';
    const tables = [
      'integration_check_definitions',
      'integration_check_results',
      'integration_check_health',
    ];
    try {
      await knex.migrate.latest({ directory });
      for (const table of tables)
        expect(await knex.schema.hasTable(table)).toBe(true);
      expect(
        await knex.schema.hasColumn('integration_check_results', 'run_id'),
      ).toBe(true);

      while (
        (await knex.migrate.list({ directory }))[0].some(
          (m: any) => (m.name ?? m.file ?? m) === migration,
        )
      )
        await knex.migrate.down({ directory });
      for (const table of tables)
        expect(await knex.schema.hasTable(table)).toBe(false);
      expect(await knex.schema.hasTable('integrations')).toBe(true);
    } finally {
      await knex.destroy();
    }
  });

  it('adds the search columns and usage table, backfills existing rows, and takes them away again', async () => {
    const knex = await databases.init(databaseId);
    const downTo = async (migration: string) => {
      while (
        (await knex.migrate.list({ directory }))[0].some(
          (m: any) => (m.name ?? m.file ?? m) === migration,
        )
      )
        await knex.migrate.down({ directory });
    };
    try {
      await knex.migrate.latest({ directory });
      await downTo('20261124100000_search_index.js');
      expect(await knex.schema.hasColumn('integrations', 'search_text')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('integration_usage')).toBe(false);

      const now = new Date();
      await knex('integrations').insert({
        id: 'a1',
        name: 'Ärzte API',
        type: 'ai',
        owner: 'group:default/a',
        created_at: now,
        created_by: 'x',
        updated_at: now,
        updated_by: 'x',
      });
      await knex('integration_urls').insert([
        { integration_id: 'a1', position: 1, url: 'https://B.example' },
        { integration_id: 'a1', position: 0, url: 'https://A.example' },
      ]);
      await knex('integration_credentials').insert({
        integration_id: 'a1',
        key: 'API_KEY',
        ciphertext: 'v1.x',
        key_id: 'k',
        created_at: now,
        rotated_at: now,
      });

      await knex.migrate.latest({ directory });
      expect(
        await knex('integrations').where({ id: 'a1' }).first(),
      ).toMatchObject({
        sort_name: sortNameOf('Ärzte API'),
        search_text: searchTextOf({
          name: 'Ärzte API',
          urls: [{ url: 'https://A.example' }, { url: 'https://B.example' }],
          keys: ['API_KEY'],
        }),
      });
      expect(await knex.schema.hasTable('integration_usage')).toBe(true);

      await downTo('20261124100000_search_index.js');
      expect(await knex.schema.hasColumn('integrations', 'sort_name')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('integration_usage')).toBe(false);
      expect(await knex('integrations').count({ n: '*' })).toHaveLength(1);
    } finally {
      await knex.destroy();
    }
  });

  it('adds the recent-usage index and drops it again, keeping the usage rows', async () => {
    const knex = await databases.init(databaseId);
    const migration = '20261125100000_usage_recent_index.js';
    const usageIndexes = async (): Promise<string[]> => {
      if (databaseId.startsWith('POSTGRES')) {
        const { rows } = await knex.raw(
          "select indexname as name from pg_indexes where tablename = 'integration_usage'",
        );
        return rows.map((r: any) => r.name);
      }
      const rows = await knex.raw(
        "select name from sqlite_master where type = 'index' and tbl_name = 'integration_usage'",
      );
      return rows.map((r: any) => r.name);
    };
    try {
      await knex.migrate.latest({ directory });
      expect(await usageIndexes()).toContain('integration_usage_recent_idx');
      const now = new Date();
      await knex('integration_usage').insert({
        integration_id: 'i-1',
        consumer: 'plugin:billing',
        project: 'component:default/shop',
        day: '2026-11-24',
        count: 2,
        first_used_at: now,
        last_used_at: now,
      });

      while (
        (await knex.migrate.list({ directory }))[0].some(
          (m: any) => (m.name ?? m.file ?? m) === migration,
        )
      )
        await knex.migrate.down({ directory });
      expect(await usageIndexes()).not.toContain(
        'integration_usage_recent_idx',
      );
      expect(await usageIndexes()).toContain('integration_usage_key');
      expect(await knex('integration_usage').count({ n: '*' })).toEqual([
        { n: databaseId.startsWith('POSTGRES') ? '1' : 1 },
      ]);

      await knex.migrate.latest({ directory });
      expect(await usageIndexes()).toContain('integration_usage_recent_idx');
    } finally {
      await knex.destroy();
    }
  });

  it('renames assignment history to the names change events use, and back again', async () => {
    const knex = await databases.init(databaseId);
    const migration = '20261207100000_assignment_history_names.js';
    const before = async () => {
      while (
        (await knex.migrate.list({ directory }))[0].some(
          (m: any) => (m.name ?? m.file ?? m) === migration,
        )
      ) {
        await knex.migrate.down({ directory });
      }
    };
    try {
      await knex.migrate.latest({ directory });
      await before();
      await knex('integrations').insert({
        id: '00000000-0000-4000-8000-0000000000a1',
        name: 'Old history',
        type: 'ai',
        owner: 'user:default/alice',
        created_at: new Date(),
        created_by: 'user:default/alice',
        updated_at: new Date(),
        updated_by: 'user:default/alice',
        version: 1,
      });
      const actions = [
        'project.assigned',
        'project.removed',
        'project.paused',
        'project.resumed',
        'credential.rotated',
      ];
      for (const action of actions) {
        await knex('integration_events').insert({
          integration_id: '00000000-0000-4000-8000-0000000000a1',
          at: new Date(),
          actor: 'user:default/alice',
          action,
          detail: JSON.stringify({ project: 'component:default/a' }),
        });
      }
      const stored = async () =>
        (await knex('integration_events').orderBy('id')).map(r => r.action);

      await knex.migrate.latest({ directory });
      expect(await stored()).toEqual([
        'assignment.added',
        'assignment.removed',
        'assignment.paused',
        'assignment.resumed',
        'credential.rotated',
      ]);
      await before();
      expect(await stored()).toEqual(actions);
    } finally {
      await knex.destroy();
    }
  });
});
