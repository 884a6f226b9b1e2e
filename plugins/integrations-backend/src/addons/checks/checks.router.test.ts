import request from 'supertest';
import { Knex } from 'knex';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
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
} from './__testUtils__/localServer';
import { RecordingAuditor } from '../../__testUtils__/recorders';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Loopback is allowed in this test's config only, to reach the local server. */
const checksConfig = () => {
  const config = testConfig() as any;
  config.integrationsHub.checks = {
    allowedCidrs: ['127.0.0.1/32'],
    totalTimeoutMs: 2000,
    schedule: { enabled: false },
    types: { ai: { preset: 'bearer', path: '/switch' } },
  };
  return config;
};

describe.each(databases.eachSupportedId())(
  'connection check endpoints on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let server: Awaited<ReturnType<typeof startLocalServer>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      server = await startLocalServer();
      backend = await startIntegrationsBackend({
        knex,
        config: checksConfig(),
      });
    });
    afterAll(async () => {
      await backend.stop();
      await server.close();
      await knex.destroy();
    });

    const create = async (name: string, token: string) => {
      const res = await request(backend.server)
        .post('/api/integrations/integrations')
        .set('Authorization', userHeader())
        .send(
          integrationBody(
            {
              name,
              urls: [{ url: server.origin }],
              credentials: [{ key: 'API_KEY', value: token }],
            },
            token,
          ),
        );
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    it('tests a saved integration, shows its health on list and get, and filters the failing ones', async () => {
      const output = captureOutput();
      try {
        const good = await create('Good LLM', GOOD_TOKEN);
        const bad = await create('Stale LLM', 'stale-token-0000');
        const api = request(backend.server);

        const ok = await api
          .post(`/api/integrations/integrations/${good}/check`)
          .set('Authorization', userHeader());
        expect(ok.status).toBe(200);
        expect(ok.headers['cache-control']).toBe('no-store');
        expect(ok.body).toMatchObject({
          integrationId: good,
          status: 'healthy',
          results: [
            { urlIndex: 0, httpStatus: 200, url: `${server.origin}/switch` },
          ],
        });
        const failing = await api
          .post(`/api/integrations/integrations/${bad}/check`)
          .set('Authorization', userHeader());
        expect(failing.body.status).toBe('unhealthy');
        expect(failing.body.results[0].reason).toBe(
          'HTTP 401, expected 2xx: the credential was rejected',
        );

        const one = await api
          .get(`/api/integrations/integrations/${good}`)
          .set('Authorization', userHeader());
        expect(one.body.health).toMatchObject({ status: 'healthy' });

        const unhealthy = await api
          .get('/api/integrations/integrations?health=unhealthy')
          .set('Authorization', userHeader());
        expect(unhealthy.status).toBe(200);
        expect(unhealthy.body.items.map((i: any) => i.name)).toEqual([
          'Stale LLM',
        ]);
        expect(unhealthy.body.totalCount).toBe(1);
        expect(unhealthy.body.items[0].health.status).toBe('unhealthy');

        const checks = await api
          .get(`/api/integrations/integrations/${bad}/checks`)
          .set('Authorization', userHeader());
        expect(checks.body).toMatchObject({
          source: 'type',
          health: { status: 'unhealthy' },
          history: [
            { status: 'unhealthy', trigger: 'manual', httpStatus: 401 },
          ],
        });

        const everything = JSON.stringify([ok.body, failing.body, checks.body]);
        expect(everything).not.toContain(GOOD_TOKEN);
        expect(everything).not.toContain('stale-token-0000');
        expect(everything).not.toContain(BODY_CANARY);
      } finally {
        output.restore();
      }
      expect(output.text()).not.toContain(GOOD_TOKEN);
      expect(output.text()).not.toContain(BODY_CANARY);
    });

    it('tests draft values once; they appear in no response, log or table', async () => {
      const output = captureOutput();
      const draftToken = 'draft-canary-9d2f';
      let res: request.Response;
      try {
        res = await request(backend.server)
          .post('/api/integrations/checks/test')
          .set('Authorization', userHeader())
          .send({
            type: 'ai',
            urls: [{ url: server.origin }],
            credentials: [{ key: 'API_KEY', value: draftToken }],
            definition: { preset: 'bearer', path: '/bearer' },
          });
      } finally {
        output.restore();
      }
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'unhealthy',
        results: [{ httpStatus: 401 }],
      });
      expect(server.seen.at(-1)?.headers.authorization).toBe(
        `Bearer ${draftToken}`,
      );
      expect(JSON.stringify(res.body)).not.toContain(draftToken);
      expect(output.text()).not.toContain(draftToken);
      for (const table of ['integration_check_results', 'integration_events']) {
        const rows = await knex(table).select();
        expect(JSON.stringify(rows)).not.toContain(draftToken);
      }
    });

    it('never sends a stored write-only value to the URLs of a draft (403 naming it, nothing called)', async () => {
      const token = 'write-only-canary-3e8b';
      const created = await request(backend.server)
        .post('/api/integrations/integrations')
        .set('Authorization', userHeader())
        .send(
          integrationBody({
            name: 'Write-only check',
            urls: [{ url: server.origin }],
            credentials: [{ key: 'API_KEY', value: token, writeOnly: true }],
          }),
        );
      expect(created.status).toBe(201);
      const seen = server.seen.length;
      const res = await request(backend.server)
        .post('/api/integrations/checks/test')
        .set('Authorization', userHeader())
        .send({
          type: 'ai',
          integrationId: created.body.id,
          urls: [{ url: server.origin }],
          credentials: [{ key: 'API_KEY' }],
          definition: { preset: 'bearer', path: '/bearer' },
        });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('Credential "API_KEY"');
      expect(res.body.error.message).toContain('write-only');
      expect(server.seen.length).toBe(seen);
      expect(JSON.stringify(res.body)).not.toContain(token);
    });

    it.each([
      [{ type: 'ai', urls: [] }, /^urls: /],
      [
        {
          type: 'ai',
          urls: [{ url: 'https://x.example' }],
          definition: { method: 'POST' },
        },
        /definition\.method/,
      ],
      [
        { type: 'nope', urls: [{ url: 'https://x.example' }] },
        /^type: unknown type "nope"/,
      ],
    ])('answers 400 naming the field for %j', async (body, message) => {
      const res = await request(backend.server)
        .post('/api/integrations/checks/test')
        .set('Authorization', userHeader())
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('refuses file: and gopher: URLs in a draft without connecting', async () => {
      const res = await request(backend.server)
        .post('/api/integrations/checks/test')
        .set('Authorization', userHeader())
        .send({
          type: 'telephony',
          urls: [
            { url: 'file:///etc/passwd' },
            { url: 'gopher://127.0.0.1:70/_x' },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('error');
      expect(res.body.results.map((r: any) => r.reason)).toEqual([
        'only http and https URLs are checked, not file:',
        'only http and https URLs are checked, not gopher:',
      ]);
    });

    it('answers 400 for an unknown health filter', async () => {
      const res = await request(backend.server)
        .get('/api/integrations/integrations?health=sick')
        .set('Authorization', userHeader());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/health/);
    });

    it('sets and resets an integration’s own definition', async () => {
      const id = await create('Own definition', GOOD_TOKEN);
      const api = request(backend.server);
      const set = await api
        .put(`/api/integrations/integrations/${id}/check-definition`)
        .set('Authorization', userHeader())
        .send({
          definition: {
            preset: 'bearer',
            path: '/bearer',
            healthyStatus: ['200'],
          },
        });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        source: 'integration',
        override: { path: '/bearer' },
      });
      const run = await api
        .post(`/api/integrations/integrations/${id}/check`)
        .set('Authorization', userHeader());
      expect(run.body.results[0].url).toBe(`${server.origin}/bearer`);
      const reset = await api
        .delete(`/api/integrations/integrations/${id}/check-definition`)
        .set('Authorization', userHeader());
      expect(reset.body.source).toBe('type');
    });
  },
);

describe('connection checks need reveal', () => {
  it('answers 403 to a reader who may not reveal, and calls nothing', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startLocalServer();
    const decide = (requests: any[]) =>
      requests.map(r => ({
        result:
          r.permission.name === 'integrations.credential.reveal'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }));
    const backend = await startIntegrationsBackend({
      knex,
      config: checksConfig(),
      permissions: {
        authorize: async (requests: any[]) => decide(requests),
        authorizeConditional: async (requests: any[]) => decide(requests),
      } as any,
    });
    try {
      const created = await request(backend.server)
        .post('/api/integrations/integrations')
        .set('Authorization', userHeader())
        .send(integrationBody({ urls: [{ url: server.origin }] }));
      const res = await request(backend.server)
        .post(`/api/integrations/integrations/${created.body.id}/check`)
        .set('Authorization', userHeader());
      expect(res.status).toBe(403);
      expect(server.seen).toHaveLength(0);
    } finally {
      await backend.stop();
      await server.close();
      await knex.destroy();
    }
  });
});

describe('auditing of manual checks', () => {
  it('audits each run once, in the router with its request, with results and never a value', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startLocalServer();
    const auditor = new RecordingAuditor();
    const backend = await startIntegrationsBackend({
      knex,
      config: checksConfig(),
      features: [
        createServiceFactory({
          service: coreServices.auditor,
          deps: {},
          factory: () => auditor,
        }),
      ],
    });
    const draftToken = 'draft-canary-audit-51c7';
    try {
      const api = request(backend.server);
      const created = await api
        .post('/api/integrations/integrations')
        .set('Authorization', userHeader())
        .send(
          integrationBody(
            {
              urls: [{ url: server.origin }],
              credentials: [{ key: 'API_KEY', value: GOOD_TOKEN }],
            },
            GOOD_TOKEN,
          ),
        );
      const id = created.body.id;
      await api
        .post(`/api/integrations/integrations/${id}/check`)
        .set('Authorization', userHeader());
      await api
        .post('/api/integrations/checks/test')
        .set('Authorization', userHeader())
        .send({
          integrationId: id,
          type: 'ai',
          urls: [{ url: server.origin }],
          credentials: [{ key: 'API_KEY', value: draftToken }],
          definition: { preset: 'bearer', path: '/bearer' },
        });

      const checkEvents = auditor.events.filter(e =>
        /connection/.test(e.eventId),
      );
      // No second event from the service: manual runs are audited by their endpoint only.
      expect(checkEvents.map(e => e.eventId)).toEqual([
        'check-integration-connection',
        'test-connection-draft',
      ]);
      const [run, draft] = checkEvents;
      expect(run.request).toBeDefined();
      expect(run).toMatchObject({
        outcome: 'succeeded',
        meta: { integrationId: id },
        final: {
          integrationId: id,
          status: 'healthy',
          results: [{ urlIndex: 0, status: 'healthy', httpStatus: 200 }],
        },
      });
      expect(draft.request).toBeDefined();
      expect(draft).toMatchObject({
        outcome: 'succeeded',
        meta: { type: 'ai', integrationId: id },
        final: { status: 'unhealthy', results: [{ httpStatus: 401 }] },
      });
      const recorded = JSON.stringify(
        checkEvents.map(e => ({ meta: e.meta, final: e.final })),
      );
      expect(recorded).not.toContain(GOOD_TOKEN);
      expect(recorded).not.toContain(draftToken);
      expect(recorded).not.toContain(BODY_CANARY);
    } finally {
      await backend.stop();
      await server.close();
      await knex.destroy();
    }
  });
});
