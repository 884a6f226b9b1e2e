import request from 'supertest';
import { Knex } from 'knex';
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const CANARY = 'sk_canary_actions_0d7f';
const READER = 'user:default/alice';
const NO_READ = 'user:default/mallory';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Everyone but mallory may do everything; mallory may read nothing. */
const readerOnly: PermissionsService = {
  async authorize(requests, options) {
    return requests.map(() => ({ result: decide(options) }));
  },
  async authorizeConditional(requests, options) {
    return requests.map(() => ({ result: decide(options) })) as any;
  },
};
function decide(options?: { credentials: BackstageCredentials }) {
  const principal = options?.credentials.principal as any;
  return principal?.userEntityRef === NO_READ
    ? AuthorizeResult.DENY
    : AuthorizeResult.ALLOW;
}

describe('integrations actions in the actions registry', () => {
  let knex: Knex;
  let backend: TestBackend;
  let output: ReturnType<typeof captureOutput>;
  let created: { id: string };

  const invoke = (action: string, input: object, user: string) =>
    request(backend.server)
      .post(`/api/integrations/.backstage/actions/v1/actions/${action}/invoke`)
      .set('Authorization', userHeader(user))
      .send(input);

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    backend = await startIntegrationsBackend({ knex, permissions: readerOnly });
    const res = await request(backend.server)
      .post('/api/integrations/integrations')
      .set('Authorization', userHeader(READER))
      .send(integrationBody({}, CANARY));
    if (res.status !== 201) throw new Error(`create: ${res.status}`);
    created = res.body;
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    const text = output.text();
    output.restore();
    if (text.includes(CANARY))
      throw new Error('a secret value was written to the output');
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('lists both actions as read-only', async () => {
    const res = await request(backend.server)
      .get('/api/integrations/.backstage/actions/v1/actions')
      .set('Authorization', userHeader(READER));
    expect(
      res.body.actions.map((a: any) => [a.id, a.attributes.readOnly]),
    ).toEqual([
      ['integrations:list-entity-integrations', true],
      ['integrations:get-integration', true],
    ]);
  });

  it('gets an integration by id or name: metadata and keys, never a value', async () => {
    for (const input of [{ id: created.id }, { name: 'OpenAI' }]) {
      const res = await invoke('integrations:get-integration', input, READER);
      expect(res.status).toBe(200);
      expect(res.body.output.integration).toMatchObject({
        id: created.id,
        name: 'OpenAI',
        type: 'ai',
        urls: [
          { url: 'https://api.openai.example/v1', label: 'API' },
          { url: 'https://status.openai.example' },
        ],
        projects: ['component:default/checkout'],
        credentials: [
          expect.objectContaining({ key: 'API_KEY', hasValue: true }),
          expect.objectContaining({ key: 'ORG_ID', rotationState: 'ok' }),
        ],
        link: `/integrations/${created.id}`,
      });
      expect(JSON.stringify(res.body)).not.toContain(CANARY);
      expect(JSON.stringify(res.body)).not.toContain('org-1234');
    }
  });

  it('lists the integrations of an entity', async () => {
    const res = await invoke(
      'integrations:list-entity-integrations',
      { entityRef: 'component:default/checkout' },
      READER,
    );
    expect(res.status).toBe(200);
    expect(res.body.output.integrations.map((i: any) => i.id)).toEqual([
      created.id,
    ]);
    expect(res.body.output.truncated).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain(CANARY);
  });

  it('refuses a caller without the read permission', async () => {
    const get = await invoke(
      'integrations:get-integration',
      { id: created.id },
      NO_READ,
    );
    // Unreadable records answer like missing ones.
    expect(get.status).toBe(404);
    expect(JSON.stringify(get.body)).not.toContain('OpenAI');
    const list = await invoke(
      'integrations:list-entity-integrations',
      { entityRef: 'component:default/checkout' },
      NO_READ,
    );
    expect(list.status).toBe(200);
    expect(list.body.output.integrations).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    const res = await request(backend.server)
      .post(
        '/api/integrations/.backstage/actions/v1/actions/integrations:get-integration/invoke',
      )
      .send({ id: created.id });
    expect(res.status).toBe(401);
  });
});
