import request from 'supertest';
import { Knex } from 'knex';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RecordingAuditor } from '../../__testUtils__/recorders';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  testConfig,
  TEST_TYPES,
  userHeader,
} from '../../__testUtils__/testBackend';
import { permissionsDeciding } from '../../testUtils';
import { startTokenServer } from './__testUtils__/tokenServer';

jest.setTimeout(90_000);

const CLIENT_ID = 'client-7a1c';
const CANARY = 'client-secret-canary-3e9b7d';
const ROTATED = 'client-secret-rotated-canary-52f0';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = { Authorization: userHeader('user:default/alice') };
const service = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:billing'),
    targetPluginId: 'integrations',
  }),
};

/** Loopback is allowed in this test's config only, to reach the token server. */
const oauthConfig = () =>
  testConfig({
    integrationsHub: {
      // An overlap window: a rotated client secret must not come back as a previous value.
      types: TEST_TYPES.map(type =>
        type.id === 'ai' ? { ...type, rotationOverlapMinutes: 60 } : type,
      ),
      checks: { allowedCidrs: ['127.0.0.1/32'], schedule: { enabled: false } },
      oauth2: {
        refreshSkewSeconds: 1,
        failureHoldSeconds: 0,
        types: { ai: { scopes: ['read', 'write'], clientAuth: 'basic' } },
      },
    },
  });

describe.each(databases.eachSupportedId())(
  'OAuth2 client credentials on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let readOnly: TestBackend;
    let tokens: Awaited<ReturnType<typeof startTokenServer>>;
    let output: ReturnType<typeof captureOutput>;
    let projectCount = 0;
    const auditor = new RecordingAuditor();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      tokens = await startTokenServer({ id: CLIENT_ID, secret: CANARY });
      backend = await startIntegrationsBackend({
        knex,
        config: oauthConfig(),
        features: [
          createServiceFactory({
            service: coreServices.auditor,
            deps: {},
            factory: () => auditor,
          }),
        ],
      });
      // Another replica on the same database whose policy denies update.
      readOnly = await startIntegrationsBackend({
        knex,
        config: oauthConfig(),
        permissions: permissionsDeciding(permission =>
          permission.name === 'integrations.integration.update'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        ),
      });
    });
    afterAll(async () => {
      await readOnly?.stop();
      await backend?.stop();
      await tokens?.close();
      await knex?.destroy();
    });
    beforeEach(() => {
      tokens.seen.length = 0;
      Object.assign(tokens.state, {
        mode: 'ok',
        expiresIn: 3600,
        delayMs: 20,
        secret: CANARY,
      });
      output = captureOutput();
    });
    afterEach(() => {
      const logged = output.text();
      output.restore();
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(CANARY);
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(ROTATED);
    });

    /** A new OAuth integration, alone in a project of its own. */
    const create = async (secret = CANARY) => {
      const project = `component:default/oauth-${++projectCount}`;
      const res = await request(backend.server)
        .post('/api/integrations/integrations')
        .set(alice)
        .send(
          integrationBody(
            {
              urls: [
                { url: 'https://api.example.com/v1', label: 'API' },
                { url: tokens.url, label: 'Token' },
              ],
              projects: [project],
              credentials: [
                { key: 'CLIENT_ID', value: CLIENT_ID },
                { key: 'CLIENT_SECRET', value: secret },
              ],
            },
            secret,
          ),
        );
      expect(res.status).toBe(201);
      return { id: res.body.id as string, version: res.body.version, project };
    };
    const resolve = (project: string) =>
      request(backend.server)
        .get(`/api/integrations/resolve?project=${project}`)
        .set(service);

    it('answers 50 concurrent resolves with one token request, and the token instead of the client secret', async () => {
      const { id, project } = await create();
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => resolve(project)),
      );
      expect(answers.map(a => a.status)).toEqual(Array(50).fill(200));
      expect(tokens.seen).toHaveLength(1);
      const [seen] = tokens.seen;
      expect(seen.form.get('grant_type')).toBe('client_credentials');
      expect(seen.form.get('scope')).toBe('read write');
      expect(seen.authorization).toBe(
        `Basic ${Buffer.from(`${CLIENT_ID}:${CANARY}`).toString('base64')}`,
      );
      for (const answer of answers) {
        const [integration] = answer.body.integrations;
        expect(integration.id).toBe(id);
        expect(integration.credentials).toEqual({
          CLIENT_ID,
          ACCESS_TOKEN: 'token-1',
        });
        expect(integration.accessToken).toMatchObject({
          key: 'ACCESS_TOKEN',
          tokenType: 'Bearer',
          scope: 'read write',
        });
        expect(Date.parse(integration.accessToken.expiresAt)).toBeGreaterThan(
          Date.now() + 3500_000,
        );
        expect(JSON.stringify(answer.body)).not.toContain(CANARY);
      }
    });

    it('refreshes a token near its expiry once for many callers', async () => {
      tokens.state.expiresIn = 2;
      const { project } = await create();
      expect((await resolve(project)).body.integrations[0].credentials).toEqual(
        expect.objectContaining({ ACCESS_TOKEN: 'token-1' }),
      );
      // Refreshed one second before expiry: at 1 s of its 2 s.
      await new Promise(r => setTimeout(r, 1100));
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => resolve(project)),
      );
      expect(tokens.seen).toHaveLength(2);
      expect(
        new Set(
          answers.map(a => a.body.integrations[0].credentials.ACCESS_TOKEN),
        ),
      ).toEqual(new Set(['token-2']));
    });

    it('reports a failing token endpoint in failed, naming its host, with no secret anywhere', async () => {
      const { id, project } = await create();
      tokens.state.mode = 'fail';
      const res = await resolve(project);
      expect(res.status).toBe(200);
      expect(res.body.integrations).toEqual([]);
      const host = new URL(tokens.url).host;
      expect(res.body.failed).toEqual([
        {
          id,
          name: 'OpenAI',
          key: 'ACCESS_TOKEN',
          reason: `OAuth token endpoint ${host} answered 401 (invalid_client)`,
        },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(CANARY);

      const settings = await request(backend.server)
        .get(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice);
      expect(settings.status).toBe(200);
      expect(settings.body).toMatchObject({
        enabled: true,
        tokenHost: host,
        lastTokenError: {
          reason: `OAuth token endpoint ${host} answered 401 (invalid_client)`,
        },
      });
      expect(JSON.stringify(settings.body)).not.toContain(CANARY);

      // A token minted again clears the error.
      tokens.state.mode = 'ok';
      expect((await resolve(project)).body.integrations).toHaveLength(1);
      const after = await request(backend.server)
        .get(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice);
      expect(after.body.lastTokenError).toBeUndefined();
    });

    it('refuses a token endpoint that redirects, without following it', async () => {
      const { project } = await create();
      tokens.state.mode = 'redirect';
      const res = await resolve(project);
      expect(res.body.failed[0].reason).toContain(
        'answered with a redirect, which is not followed',
      );
      expect(tokens.seen).toHaveLength(1);
    });

    it('hides the client secret by default, returns it once the owner allows it, audited, and refuses that without update', async () => {
      const { id, project } = await create();
      const initial = await request(backend.server)
        .get(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice);
      expect(initial.body).toEqual({
        enabled: true,
        tokenUrlLabel: 'token',
        tokenHost: new URL(tokens.url).host,
        clientIdKey: 'CLIENT_ID',
        clientSecretKey: 'CLIENT_SECRET',
        accessTokenKey: 'ACCESS_TOKEN',
        scopes: ['read', 'write'],
        clientAuth: 'basic',
        clientSecretResolvable: false,
      });
      expect(
        (await resolve(project)).body.integrations[0].credentials,
      ).not.toHaveProperty('CLIENT_SECRET');

      const denied = await request(readOnly.server)
        .put(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice)
        .send({ clientSecretResolvable: true });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain(
        'integrations.integration.update',
      );

      const bad = await request(backend.server)
        .put(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice)
        .send({ clientSecretResolvable: 'yes' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('clientSecretResolvable');

      const allowed = await request(backend.server)
        .put(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice)
        .send({ clientSecretResolvable: true });
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({
        clientSecretResolvable: true,
        updatedBy: 'user:default/alice',
      });
      expect(
        auditor.events.filter(
          e =>
            e.eventId === 'update-oauth-settings' &&
            e.meta?.integrationId === id,
        ),
      ).toEqual([
        expect.objectContaining({
          severityLevel: 'medium',
          meta: { integrationId: id, clientSecretResolvable: true },
          outcome: 'succeeded',
        }),
      ]);
      // The history says who switched it, once per change (the same value again writes nothing).
      await request(backend.server)
        .put(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice)
        .send({ clientSecretResolvable: true });
      const history = await request(backend.server)
        .get(`/api/integrations/integrations/${id}/events`)
        .set(alice);
      expect(
        history.body.items.filter((e: { action: string }) =>
          e.action.startsWith('oauth2.'),
        ),
      ).toEqual([
        expect.objectContaining({
          action: 'oauth2.client-secret-resolvable',
          actor: 'user:default/alice',
          detail: { key: 'CLIENT_SECRET' },
        }),
      ]);
      // Read on every resolve: the other replica answers the change at once.
      const resolvedOnOther = await request(readOnly.server)
        .get(`/api/integrations/resolve?project=${project}`)
        .set(service);
      expect(resolvedOnOther.body.integrations[0].credentials).toMatchObject({
        CLIENT_SECRET: CANARY,
        ACCESS_TOKEN: expect.stringMatching(/^token-/),
      });
      await request(backend.server)
        .put(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice)
        .send({ clientSecretResolvable: false });
      const after = await request(backend.server)
        .get(`/api/integrations/integrations/${id}/events`)
        .set(alice);
      expect(after.body.items[0]).toMatchObject({
        action: 'oauth2.client-secret-withheld',
        detail: { key: 'CLIENT_SECRET' },
      });
      expect(JSON.stringify(after.body)).not.toContain(CANARY);
    });

    it('mints with the new client secret once it is rotated', async () => {
      const { id, project } = await create();
      expect(
        (await resolve(project)).body.integrations[0].credentials.ACCESS_TOKEN,
      ).toBe('token-1');
      tokens.state.secret = ROTATED;
      const current = await request(backend.server)
        .get(`/api/integrations/integrations/${id}`)
        .set(alice);
      const rotated = await request(backend.server)
        .put(`/api/integrations/integrations/${id}`)
        .set(alice)
        .send({
          version: current.body.version,
          name: current.body.name,
          type: current.body.type,
          urls: current.body.urls,
          projects: [project],
          credentials: [
            { key: 'CLIENT_ID' },
            { key: 'CLIENT_SECRET', value: ROTATED },
          ],
        });
      expect(rotated.status).toBe(200);
      const after = await resolve(project);
      expect(after.body.integrations[0].credentials.ACCESS_TOKEN).toBe(
        'token-2',
      );
      expect(after.body.integrations[0]).not.toHaveProperty(
        'previousCredentials',
      );
      expect(JSON.stringify(after.body)).not.toContain(CANARY);
      expect(tokens.seen[1].authorization).toBe(
        `Basic ${Buffer.from(`${CLIENT_ID}:${ROTATED}`).toString('base64')}`,
      );
    });

    it('says an integration of another type mints no tokens, and refuses the switch for it', async () => {
      const res = await request(backend.server)
        .post('/api/integrations/integrations')
        .set(alice)
        .send(integrationBody({ type: 'telephony' }, CANARY));
      const { id } = res.body;
      const settings = await request(backend.server)
        .get(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice);
      expect(settings.body).toEqual({
        enabled: false,
        clientSecretResolvable: false,
      });
      const put = await request(backend.server)
        .put(`/api/integrations/integrations/${id}/oauth2`)
        .set(alice)
        .send({ clientSecretResolvable: true });
      expect(put.status).toBe(400);
      expect(put.body.error.message).toContain('mints no OAuth2 tokens');
    });
  },
);
