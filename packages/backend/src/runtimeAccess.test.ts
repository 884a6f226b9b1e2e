import request from 'supertest';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations-backend';
import exampleResolver from './modules/exampleResolver';

jest.setTimeout(120_000);

const integrationsConfig = {
  types: [{ id: 'payments', title: 'Payments' }],
  encryption: {
    keys: [{ id: 'k1', secret: randomBytes(32).toString('base64') }],
  },
};
const admin = {
  Authorization: mockCredentials.user.header('user:default/admin'),
};
const body = (projects: string[], version?: number) => ({
  name: 'Stripe',
  type: 'payments',
  urls: [{ url: 'https://api.stripe.example' }],
  projects,
  ...(version
    ? { version, credentials: [{ key: 'SECRET_KEY' }] }
    : { credentials: [{ key: 'SECRET_KEY', value: 'sk-canary-runtime' }] }),
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const postgres = databases.eachSupportedId().length ? describe : describe.skip;

postgres(
  'runtime access across two backend replicas sharing PostgreSQL',
  () => {
    let knexA: Knex;
    let knexB: Knex;
    let replicaA: TestBackend;
    let replicaB: TestBackend;

    const start = (knex: Knex) =>
      startTestBackend({
        features: [
          integrationsPlugin,
          exampleResolver,
          mockServices.rootConfig.factory({
            data: {
              integrationsHub: integrationsConfig,
              integrationsExample: { project: 'component:default/checkout' },
            },
          }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      });

    beforeAll(async () => {
      knexA = await databases.init('POSTGRES_15');
      // A second, independent connection pool to the same database, as another replica has.
      knexB = knexFactory(knexA.client.config);
      replicaA = await start(knexA);
      replicaB = await start(knexB);
    });
    afterAll(async () => {
      await replicaA?.stop();
      await replicaB?.stop();
      await knexB?.destroy();
      await knexA?.destroy();
    });

    it('cuts a service off on the very next request after an assignment is removed elsewhere', async () => {
      const created = await request(replicaB.server)
        .post('/api/integrations/integrations')
        .set(admin)
        .send(body(['component:default/checkout']));
      expect(created.status).toBe(201);

      // Another plugin (the example) resolves through replica A with plugin-to-plugin auth.
      const before = await request(replicaA.server)
        .get('/api/integrations-example/status')
        .set(admin);
      expect(before.body).toEqual({
        project: 'component:default/checkout',
        integrations: [
          { name: 'Stripe', type: 'payments', credentialKeys: ['SECRET_KEY'] },
        ],
      });

      const removed = await request(replicaB.server)
        .put(`/api/integrations/integrations/${created.body.id}`)
        .set(admin)
        .send(body([], 1));
      expect(removed.status).toBe(200);

      const after = await request(replicaA.server)
        .get('/api/integrations-example/status')
        .set(admin);
      expect(after.body.integrations).toEqual([]);
      const events = await request(replicaA.server)
        .get(`/api/integrations/integrations/${created.body.id}/events`)
        .set(admin);
      // Use is counted in the usage aggregate, not written as an event per call.
      expect(events.body.items.map((e: any) => e.action)).toEqual([
        'assignment.removed',
        'updated',
        'created',
      ]);
      expect(JSON.stringify(events.body)).not.toContain('sk-canary-runtime');
    });
  },
);

describe('external access tokens', () => {
  let backend: TestBackend;
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const TOKENS = {
    use: 'use-token-0123456789abcdef',
    readOnly: 'read-token-0123456789abcdef',
    otherPlugin: 'catalog-token-0123456789abcdef',
    readAction: 'read-action-token-0123456789abcdef',
  };

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        integrationsPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:0',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKENS.use, subject: 'billing-job' },
                    accessRestrictions: [
                      {
                        plugin: 'integrations',
                        permission: 'integrations.credential.use',
                      },
                    ],
                  },
                  {
                    type: 'static',
                    options: { token: TOKENS.readOnly, subject: 'dashboard' },
                    accessRestrictions: [
                      {
                        plugin: 'integrations',
                        permission: 'integrations.integration.read',
                      },
                    ],
                  },
                  {
                    type: 'static',
                    options: { token: TOKENS.readAction, subject: 'reader' },
                    accessRestrictions: [
                      {
                        plugin: 'integrations',
                        permissionAttribute: { action: ['read'] },
                      },
                    ],
                  },
                  {
                    type: 'static',
                    options: {
                      token: TOKENS.otherPlugin,
                      subject: 'catalog-sync',
                    },
                    accessRestrictions: [{ plugin: 'catalog' }],
                  },
                ],
              },
            },
            integrationsHub: integrationsConfig,
          },
        }),
        mockServices.database.factory({ knex: sqlite }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sqlite.destroy();
  });

  const resolve = (token?: string) => {
    const req = request(backend.server).get(
      '/api/integrations/resolve?project=component:default/checkout',
    );
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('lets a token restricted to integrations and credential use resolve', async () => {
    const res = await resolve(TOKENS.use);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      project: 'component:default/checkout',
      integrations: [],
      failed: [],
    });
  });

  it('refuses a token without the credential use permission', async () => {
    expect((await resolve(TOKENS.readOnly)).status).toBe(403);
  });

  it('refuses a token restricted to the read action (use has no action)', async () => {
    expect((await resolve(TOKENS.readAction)).status).toBe(403);
  });

  it('refuses a token limited to another plugin, and no token at all', async () => {
    expect([401, 403]).toContain((await resolve(TOKENS.otherPlugin)).status);
    expect((await resolve()).status).toBe(401);
  });
});
