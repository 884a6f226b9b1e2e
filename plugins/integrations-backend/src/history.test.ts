import request from 'supertest';
import { Knex } from 'knex';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const CANARY = 'canary-history-91b0';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'history and audit on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    const alice = { Authorization: userHeader('user:default/alice') };
    const bob = { Authorization: userHeader('user:default/bob') };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({ knex });
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });

    const events = async (id: string) =>
      (
        await request(backend.server)
          .get(`/api/integrations/integrations/${id}/events`)
          .set(alice)
      ).body.items;

    it('records exactly one event per action, with its actor and never a value', async () => {
      const api = request(backend.server);
      const created = await api
        .post('/api/integrations/integrations')
        .set(alice)
        .send(integrationBody({}, CANARY));
      const id = created.body.id;
      expect((await events(id)).map((e: any) => [e.action, e.actor])).toEqual([
        ['created', 'user:default/alice'],
      ]);

      await api
        .put(`/api/integrations/integrations/${id}`)
        .set(bob)
        .send({
          ...integrationBody({ projects: ['component:default/billing'] }),
          version: 1,
          credentials: [
            { key: 'API_KEY', value: `${CANARY}-2` },
            { key: 'ORG_ID' },
          ],
        });
      await api
        .post(`/api/integrations/integrations/${id}/credentials/API_KEY/reveal`)
        .set(alice);
      const service = {
        Authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:billing'),
          targetPluginId: 'integrations',
        }),
      };
      await api
        .get('/api/integrations/resolve?project=component:default/billing')
        .set(service);

      const history = await events(id);
      // Resolve is counted in the usage aggregate, not written as an event per call.
      expect(history.map((e: any) => [e.action, e.actor, e.detail])).toEqual([
        ['credential.revealed', 'user:default/alice', { key: 'API_KEY' }],
        [
          'assignment.removed',
          'user:default/bob',
          { project: 'component:default/checkout' },
        ],
        [
          'assignment.added',
          'user:default/bob',
          { project: 'component:default/billing' },
        ],
        ['credential.rotated', 'user:default/bob', { key: 'API_KEY' }],
        expect.arrayContaining(['updated', 'user:default/bob']),
        expect.arrayContaining(['created', 'user:default/alice']),
      ]);
      expect(JSON.stringify(history)).not.toContain(CANARY);

      await api.delete(`/api/integrations/integrations/${id}`).set(alice);
      const rows = await knex('integration_events')
        .where({ integration_id: id })
        .orderBy('id', 'desc');
      expect(rows[0]).toMatchObject({
        action: 'deleted',
        actor: 'user:default/alice',
      });
      expect(JSON.stringify(rows)).not.toContain(CANARY);
    });
  },
);
