import { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { HistoryStore } from '../store/HistoryStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { testEncryption } from '../__testUtils__/encryption';
import { IntegrationsAuthorizer } from '../permissions/authorization';
import { IntegrationGate } from '../permissions/IntegrationGate';
import { IntegrationReads } from './IntegrationReads';
import { IntegrationWrites } from './IntegrationWrites';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = mockCredentials.user('user:default/alice');
const CANARY = 'canary-writes-7f31';
const TYPES = new Map([['ai', { id: 'ai', title: 'AI' }]]);

describe.each(databases.eachSupportedId())(
  'integration reads and writes on %s',
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@integrations-hub/backstage-plugin-integrations-backend',
          'migrations',
        ),
      });
    });
    afterEach(async () => knex?.destroy());

    const services = (permissions = mockServices.permissions()) => {
      const store = new IntegrationsStore(knex);
      const authorizer = IntegrationsAuthorizer.create({ permissions });
      const gate = new IntegrationGate(store, authorizer);
      const reads = new IntegrationReads({
        store,
        history: new HistoryStore(knex),
        types: TYPES,
        authorizer,
        gate,
        unusedAfterDays: 30,
      });
      const writes = new IntegrationWrites({
        store,
        opener: testEncryption(knex).opener,
        types: TYPES,
        authorizer,
        gate,
        reads,
      });
      return { reads, writes };
    };
    const body = {
      name: 'OpenAI',
      type: 'ai',
      urls: [{ url: 'https://api.openai.example' }],
      projects: [],
      credentials: [{ key: 'API_KEY', value: CANARY }],
    };

    it('creates sealed, updates at the version read, refuses a stale version changing nothing, deletes', async () => {
      const { reads, writes } = services();
      const created = await writes.create(body, alice);
      expect(created).toMatchObject({ name: 'OpenAI', version: 1 });
      const stored = JSON.stringify(await knex('integration_credentials'));
      expect(stored).not.toContain(CANARY);

      const { integration, summary } = await writes.updateWithSummary(
        created.id,
        {
          ...body,
          name: 'OpenAI EU',
          version: 1,
          credentials: [{ key: 'API_KEY' }],
        },
        alice,
      );
      expect(integration).toMatchObject({ name: 'OpenAI EU', version: 2 });
      expect(JSON.stringify(summary)).not.toContain(CANARY);

      await expect(
        writes.updateWithSummary(
          created.id,
          { ...body, name: 'Stale', version: 1 },
          alice,
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('now version 2'),
      });
      expect((await reads.get(created.id, alice)).name).toBe('OpenAI EU');

      await writes.delete(created.id, alice);
      await expect(reads.get(created.id, alice)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('names the field of a product rule the spec cannot express, writing nothing', async () => {
      const { writes } = services();
      await expect(
        writes.create({ ...body, type: 'telephony' }, alice),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: 'type: unknown type; configured types are ai',
      });
      await expect(
        writes.create({ ...body, projects: ['not a ref'] }, alice),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/^projects\[0\]: /),
      });
      expect(await knex('integrations')).toHaveLength(0);
    });

    it('asks create, and assign for each project named, and nothing else to create', async () => {
      const asked: string[] = [];
      const record = (requests: Array<{ permission: { name: string } }>) => {
        asked.push(...requests.map(r => r.permission.name));
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      };
      const { writes } = services(
        mockServices.permissions.mock({
          authorize: async requests => record(requests),
          authorizeConditional: async requests => record(requests),
        }),
      );
      await writes.create(body, alice);
      expect(asked).toEqual(['integrations.integration.create']);
      asked.length = 0;
      // Owned by someone else: create does not ask whether the caller keeps control.
      await writes.create(
        {
          ...body,
          owner: 'group:default/team-voice',
          projects: ['component:default/checkout'],
        },
        alice,
      );
      expect(asked).toEqual([
        'integrations.integration.create',
        'integrations.project.assign',
      ]);
    });

    it('names the missing permission when create is refused, writing nothing', async () => {
      const { writes } = services(
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
      );
      await expect(writes.create(body, alice)).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: 'Missing permission integrations.integration.create',
      });
      expect(await knex('integrations')).toHaveLength(0);
    });

    it('answers a record the caller may not read exactly like a missing one, and lists nothing', async () => {
      const { writes } = services();
      const { id } = await writes.create(body, alice);
      const { reads } = services(
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }),
      );
      const missingId = '00000000-0000-4000-8000-000000000000';
      const hidden = await reads.get(id, alice).catch(e => e);
      const missing = await reads.get(missingId, alice).catch(e => e);
      expect(hidden.name).toBe('NotFoundError');
      expect(missing.name).toBe('NotFoundError');
      expect(hidden.message.replace(id, '<id>')).toBe(
        missing.message.replace(missingId, '<id>'),
      );
      expect(await reads.list({}, alice)).toEqual({
        items: [],
        totalCount: 0,
        typeCounts: {},
        limit: 50,
        access: 'none',
      });
    });
  },
);
