import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { IntegrationsStore, NewIntegration } from './IntegrationsStore';
import { sortNameOf } from './searchText';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);
const MIGRATION = '20261125200000_project_sort_name.js';
const PROJECT = 'system:default/platform';

function integration(name: string, projects: string[]): NewIntegration {
  return {
    id: randomUUID(),
    name,
    type: 'ai',
    owner: 'group:default/team-a',
    urls: [{ url: 'https://api.example.com/v1' }],
    projects,
    credentials: [],
  };
}

const applied = async (knex: Knex) =>
  (await knex.migrate.list({ directory }))[0].map(
    (m: any) => m.name ?? m.file ?? m,
  );

describe.each(databases.eachSupportedId())(
  "a project's integrations in name order on %s",
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });
    afterEach(async () => {
      await knex?.destroy();
    });

    it('backfills the sort key of existing assignments, and takes it away again', async () => {
      await knex.migrate.latest({ directory });
      while ((await applied(knex)).includes(MIGRATION))
        await knex.migrate.down({ directory });
      const id = randomUUID();
      const now = new Date();
      await knex('integrations').insert({
        id,
        name: 'Stripe EU',
        type: 'payments',
        owner: 'group:default/team-a',
        sort_name: sortNameOf('Stripe EU'),
        created_at: now,
        created_by: 'user:default/test',
        updated_at: now,
        updated_by: 'user:default/test',
        version: 1,
      });
      await knex('integration_projects').insert({
        integration_id: id,
        entity_ref: PROJECT,
        assigned_at: now,
        assigned_by: 'user:default/test',
      });

      await knex.migrate.latest({ directory });
      expect(await knex('integration_projects').select('sort_name')).toEqual([
        { sort_name: 'stripe eu' },
      ]);

      while ((await applied(knex)).includes(MIGRATION))
        await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('integration_projects', 'sort_name'),
      ).toBe(false);
      // The assignment itself stays.
      const [{ n }] = await knex('integration_projects').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });

    it('pages a project in name order by cursor, following renames', async () => {
      await knex.migrate.latest({ directory });
      const store = new IntegrationsStore(knex);
      const actor = 'user:default/test';
      const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'foxtrot'];
      const created = [];
      for (const name of names)
        created.push(
          await store.create(
            integration(name, [PROJECT]),
            actor,
            new Date(),
            [],
          ),
        );
      await store.create(integration('aardvark', []), actor, new Date(), []);

      const pageThrough = async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.list({ project: PROJECT, limit: 4, cursor });
          seen.push(...page.items.map(i => i.name));
          expect(page.totalCount).toBe(6);
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await pageThrough()).toEqual([
        'Alpha',
        'Bravo',
        'charlie',
        'delta',
        'echo',
        'foxtrot',
      ]);

      const echo = created[4];
      await store.update(
        echo.id,
        echo.version,
        {
          name: 'Able',
          type: echo.type,
          owner: echo.owner,
          urls: echo.urls,
          addedProjects: [],
          removedProjects: [],
          credentials: [],
        },
        actor,
        new Date(),
        [],
      );
      expect(await pageThrough()).toEqual([
        'Able',
        'Alpha',
        'Bravo',
        'charlie',
        'delta',
        'foxtrot',
      ]);
    });
  },
);
