import request from 'supertest';
import { Knex } from 'knex';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  testConfig,
  userHeader,
} from '../../__testUtils__/testBackend';
import { startUpstream, Upstream } from '../proxy/__testUtils__/upstream';
import { startTokenServer } from './__testUtils__/tokenServer';

jest.setTimeout(90_000);

const CLIENT_ID = 'proxy-client-1';
const CANARY = 'proxy-client-secret-canary-6b1f';
const PROJECT = 'component:default/oauth-proxy';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const service = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:billing'),
  targetPluginId: 'integrations',
});

describe.each(databases.eachSupportedId())(
  'the proxy with OAuth2 tokens on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let upstream: Upstream;
    let tokens: Awaited<ReturnType<typeof startTokenServer>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      upstream = await startUpstream();
      tokens = await startTokenServer({ id: CLIENT_ID, secret: CANARY });
      backend = await startIntegrationsBackend({
        knex,
        config: testConfig({
          integrationsHub: {
            checks: {
              allowedCidrs: ['127.0.0.1/32'],
              schedule: { enabled: false },
            },
            oauth2: { types: { ai: {} } },
            proxy: {
              allowedCidrs: ['127.0.0.1/32'],
              types: {
                ai: {
                  enabled: true,
                  methods: ['GET'],
                  paths: ['/echo'],
                  urlLabel: 'API',
                  auth: {
                    type: 'header',
                    name: 'Authorization',
                    value: 'Bearer {ACCESS_TOKEN}',
                  },
                },
              },
            },
          },
        }),
      });
    });
    afterAll(async () => {
      await backend?.stop();
      await upstream?.close();
      await tokens?.close();
      await knex?.destroy();
    });

    it('places the minted token, never the client secret, with one token request for concurrent calls', async () => {
      const output = captureOutput();
      try {
        const created = await request(backend.server)
          .post('/api/integrations/integrations')
          .set('Authorization', userHeader())
          .send(
            integrationBody(
              {
                urls: [
                  { url: `${upstream.origin}/v1`, label: 'API' },
                  { url: tokens.url, label: 'token' },
                ],
                projects: [PROJECT],
                credentials: [
                  { key: 'CLIENT_ID', value: CLIENT_ID },
                  { key: 'CLIENT_SECRET', value: CANARY },
                ],
              },
              CANARY,
            ),
          );
        expect(created.status).toBe(201);
        const answers = await Promise.all(
          Array.from({ length: 10 }, () =>
            request(backend.server)
              .get(`/api/integrations/proxy/${created.body.id}/echo`)
              .set('Authorization', service)
              .set('x-integrations-project', PROJECT),
          ),
        );
        expect(answers.map(a => a.status)).toEqual(Array(10).fill(200));
        expect(tokens.seen).toHaveLength(1);
        expect(upstream.hits).toHaveLength(10);
        for (const hit of upstream.hits) {
          expect(hit.headers.authorization).toBe('Bearer token-1');
          expect(JSON.stringify(hit)).not.toContain(CANARY);
        }
        for (const answer of answers) {
          expect(answer.text).not.toContain(CANARY);
        }
      } finally {
        output.restore();
      }
      expect(output.text()).not.toContain(CANARY);
    });
  },
);
