import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

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
});
