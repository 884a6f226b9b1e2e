import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations-backend';
import {
  IntegrationsNodeService,
  integrationsServiceRef,
} from '@integrations-hub/backstage-plugin-integrations-node';

jest.setTimeout(60_000);

const TOKEN = 'sk-node-check-canary-71c0';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const alice = mockCredentials.user('user:default/alice');

describe('connection checks through the node client', () => {
  let backend: TestBackend;
  let client: IntegrationsNodeService;
  let server: http.Server;
  let origin: string;

  // Another backend plugin, as an adopter's would use the Integrations plugin.
  const probe = createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { integrations: integrationsServiceRef },
        async init({ integrations }) {
          client = integrations;
        },
      });
    },
  });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const ok = req.headers.authorization === `Bearer ${TOKEN}`;
      res.writeHead(ok ? 200 : 401).end(`{"echo":"${TOKEN}"}`);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const knex = await databases.init('SQLITE_3');
    backend = await startTestBackend({
      features: [
        integrationsPlugin,
        probe,
        mockServices.database.factory({ knex }),
        // Allow-all policy: this test is about the client, the endpoint tests cover permissions.
        mockServices.permissions.factory(),
        mockServices.rootLogger.factory({ level: 'error' }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: false },
            integrationsHub: {
              types: [{ id: 'ai', title: 'AI' }],
              encryption: {
                keys: [
                  { id: 'k1', secret: randomBytes(32).toString('base64') },
                ],
              },
              dangerouslyAllowSecretAccessWithoutPermissions: true,
              checks: {
                // Loopback allowed in this test only, to reach the local server.
                allowedCidrs: ['127.0.0.1/32'],
                schedule: { enabled: false },
                types: { ai: { preset: 'bearer' } },
              },
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend.stop();
    await new Promise(resolve => server.close(resolve));
  });

  it('tests an integration on behalf of a user and reads its history', async () => {
    const created = await request(backend.server)
      .post('/api/integrations/integrations')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({
        name: 'Local LLM',
        type: 'ai',
        urls: [{ url: origin }],
        projects: [],
        credentials: [{ key: 'API_KEY', value: TOKEN }],
      });
    expect(created.status).toBe(201);

    const run = await client.checkIntegrationConnection(created.body.id, {
      credentials: alice,
    });
    expect(run).toMatchObject({
      integrationId: created.body.id,
      status: 'healthy',
      results: [{ urlIndex: 0, httpStatus: 200, url: `${origin}/` }],
    });
    const checks = await client.getConnectionChecks(created.body.id, {
      credentials: alice,
    });
    expect(checks).toMatchObject({
      source: 'type',
      health: { status: 'healthy' },
      history: [{ status: 'healthy', trigger: 'manual' }],
    });
    expect(JSON.stringify([run, checks])).not.toContain(TOKEN);
  });

  it('is refused for the calling plugin itself: checks use secrets, so they need a user', async () => {
    await expect(
      client.checkIntegrationConnection(
        '00000000-0000-4000-8000-000000000000',
        {},
      ),
    ).rejects.toThrow('Request failed with 403 Forbidden');
  });
});
