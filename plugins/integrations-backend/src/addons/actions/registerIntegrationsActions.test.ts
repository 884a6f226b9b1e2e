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
  testConfig,
  userHeader,
} from '../../__testUtils__/testBackend';
import {
  BODY_CANARY,
  GOOD_TOKEN,
  startLocalServer,
} from '../checks/__testUtils__/localServer';

jest.setTimeout(60_000);

const CANARY = 'sk_canary_actions_0d7f';
const READER = 'user:default/alice';
const NO_READ = 'user:default/mallory';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Loopback allowed here only; each URL is checked with the bearer credential. */
const checksConfig = () => {
  const config = testConfig() as any;
  config.integrationsHub.checks = {
    allowedCidrs: ['127.0.0.1/32'],
    totalTimeoutMs: 2000,
    schedule: { enabled: false },
    types: {
      telephony: {
        auth: {
          type: 'header',
          name: 'Authorization',
          value: 'Bearer {API_KEY}',
        },
        healthyStatus: ['2xx'],
      },
    },
  };
  return config;
};

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

describe.each(databases.eachSupportedId())(
  'integrations actions in the actions registry on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let server: Awaited<ReturnType<typeof startLocalServer>>;
    let output: ReturnType<typeof captureOutput>;
    let created: { id: string };

    const invoke = (action: string, input: object, user: string) =>
      request(backend.server)
        .post(
          `/api/integrations/.backstage/actions/v1/actions/${action}/invoke`,
        )
        .set('Authorization', userHeader(user))
        .send(input);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      server = await startLocalServer();
      backend = await startIntegrationsBackend({
        knex,
        permissions: readerOnly,
        config: checksConfig(),
      });
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
      await server?.close();
      await knex?.destroy();
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

    it('gives the last connection check per URL and the rotation state, never a value', async () => {
      const res = await request(backend.server)
        .post('/api/integrations/integrations')
        .set('Authorization', userHeader(READER))
        .send(
          integrationBody(
            {
              name: 'Twilio',
              type: 'telephony',
              urls: [
                { url: `${server.origin}/bearer` },
                { url: `${server.origin}/down` },
              ],
              projects: ['component:default/phone'],
              credentials: [
                { key: 'API_KEY', value: GOOD_TOKEN },
                {
                  key: 'OTHER',
                  value: CANARY,
                  expiresAt: '2000-01-01T00:00:00Z',
                },
              ],
            },
            GOOD_TOKEN,
          ),
        );
      expect(res.status).toBe(201);
      const twilio = res.body.id;
      const unchecked = await invoke(
        'integrations:get-integration',
        { id: twilio },
        READER,
      );
      // Never checked: no health rather than a guess.
      expect(unchecked.body.output.integration.health).toBeUndefined();

      const check = await request(backend.server)
        .post(`/api/integrations/integrations/${twilio}/check`)
        .set('Authorization', userHeader(READER));
      expect(check.body.status).toBe('unhealthy');

      const health = {
        status: 'unhealthy',
        checkedAt: expect.any(String),
        changedAt: expect.any(String),
        urls: [
          {
            urlIndex: 0,
            url: `${server.origin}/bearer`,
            status: 'healthy',
            httpStatus: 200,
            latencyMs: expect.any(Number),
            reason: expect.any(String),
            checkedAt: expect.any(String),
          },
          {
            urlIndex: 1,
            url: `${server.origin}/down`,
            status: 'unhealthy',
            httpStatus: 503,
            latencyMs: expect.any(Number),
            reason: expect.any(String),
            checkedAt: expect.any(String),
          },
        ],
      };
      const get = await invoke(
        'integrations:get-integration',
        { id: twilio },
        READER,
      );
      expect(get.status).toBe(200);
      expect(get.body.output.integration.health).toEqual(health);
      expect(get.body.output.integration.credentials).toEqual([
        expect.objectContaining({ key: 'API_KEY', rotationState: 'ok' }),
        expect.objectContaining({ key: 'OTHER', rotationState: 'expired' }),
      ]);
      const list = await invoke(
        'integrations:list-entity-integrations',
        { entityRef: 'component:default/phone' },
        READER,
      );
      expect(list.body.output.integrations).toEqual([
        expect.objectContaining({ id: twilio, health }),
      ]);
      // The other integration was never checked.
      const other = await invoke(
        'integrations:list-entity-integrations',
        { entityRef: 'component:default/checkout' },
        READER,
      );
      expect(other.body.output.integrations[0].health).toBeUndefined();
      for (const body of [get.body, list.body]) {
        const text = JSON.stringify(body);
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain(GOOD_TOKEN);
        expect(text).not.toContain(BODY_CANARY);
      }
      // A caller who may not read it learns nothing, health included.
      const refused = await invoke(
        'integrations:get-integration',
        { id: twilio },
        NO_READ,
      );
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain('unhealthy');
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
  },
);
