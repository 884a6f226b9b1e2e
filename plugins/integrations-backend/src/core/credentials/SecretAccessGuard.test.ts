import request from 'supertest';
import knexFactory, { Knex } from 'knex';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import {
  integrationBody,
  startIntegrationsBackend,
  TEST_KEY,
  TEST_TYPES,
  userHeader,
} from '../../__testUtils__/testBackend';

jest.setTimeout(60_000);

const CANARY = 'canary-guard-31f0';

async function startWith(config: object) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const backend = await startIntegrationsBackend({
    knex,
    config: {
      integrationsHub: {
        types: TEST_TYPES,
        encryption: { keys: [TEST_KEY] },
        ...config,
      },
    },
  });
  return { knex, backend };
}

describe('with the permission framework disabled', () => {
  let knex: Knex;
  let backend: TestBackend;
  afterEach(async () => {
    await backend?.stop();
    await knex?.destroy();
  });

  it('refuses users reveal and resolve, naming the config key', async () => {
    ({ knex, backend } = await startWith({}));
    const auth = { Authorization: userHeader() };
    const created = await request(backend.server)
      .post('/api/integrations/integrations')
      .set(auth)
      .send(integrationBody({}, CANARY));
    expect(created.status).toBe(201);

    const reveal = await request(backend.server)
      .post(
        `/api/integrations/integrations/${created.body.id}/credentials/API_KEY/reveal`,
      )
      .set(auth);
    const resolve = await request(backend.server)
      .get('/api/integrations/resolve?project=component:default/checkout')
      .set(auth);
    for (const res of [reveal, resolve]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/permission\.enabled: true/);
      expect(JSON.stringify(res.body)).not.toContain(CANARY);
    }

    // Services are authenticated plugins or restricted external tokens: they still resolve.
    const service = await request(backend.server)
      .get('/api/integrations/resolve?project=component:default/checkout')
      .set({ Authorization: mockCredentials.service.header() });
    expect(service.status).toBe(200);
    expect(service.body.integrations[0].credentials.API_KEY).toBe(CANARY);
  });

  it('lets an operator opt out explicitly', async () => {
    ({ knex, backend } = await startWith({
      dangerouslyAllowSecretAccessWithoutPermissions: true,
    }));
    const auth = { Authorization: userHeader() };
    const created = await request(backend.server)
      .post('/api/integrations/integrations')
      .set(auth)
      .send(integrationBody({}, CANARY));
    const reveal = await request(backend.server)
      .post(
        `/api/integrations/integrations/${created.body.id}/credentials/API_KEY/reveal`,
      )
      .set(auth);
    expect(reveal.status).toBe(200);
    expect(reveal.body.value).toBe(CANARY);
  });
});
