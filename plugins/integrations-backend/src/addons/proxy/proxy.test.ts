import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Knex } from 'knex';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  integrationBody,
  startIntegrationsBackend,
  testConfig,
  userHeader,
} from '../../__testUtils__/testBackend';
import { RecordingAuditor } from '../../__testUtils__/recorders';
import { permissionsDeciding } from '../../testUtils/permissions';
import { REDACTED } from './redact';
import {
  selfSignedCertificate,
  startUpstream,
  Upstream,
} from './__testUtils__/upstream';

jest.setTimeout(90_000);

const SECRET = 'proxy-canary-3f9d1e7a2b';
const CHECKOUT = 'component:default/checkout';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const billing = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:billing'),
  targetPluginId: 'integrations',
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the path exactly as written: no client normalizes dot segments away. */
function raw(
  server: http.Server,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe.each(databases.eachSupportedId())('the proxy on %s', databaseId => {
  let knex: Knex;
  let backend: TestBackend;
  let upstream: Upstream;
  let tlsUpstream: Upstream;
  let untrusted: Upstream;
  let other: Upstream;
  let loopback: Upstream;
  const denied = new Set<string>();
  const auditor = new RecordingAuditor();
  const ids: Record<string, string> = {};

  const proxyConfig = (ca: string) => {
    const config = testConfig() as any;
    config.integrationsHub.usage = { flushIntervalSeconds: 1 };
    config.integrationsHub.proxy = {
      allowedCidrs: ['127.0.0.1/32'],
      caCertificates: [ca],
      connectTimeoutMs: 1000,
      totalTimeoutMs: 1500,
      maxRequestKb: 64,
      maxResponseKb: 1024,
      concurrencyPerIntegration: 2,
      types: {
        ai: {
          enabled: true,
          methods: ['GET', 'POST'],
          paths: [
            '/echo',
            '/split',
            '/cookie',
            '/redirect',
            '/moved',
            '/page',
            '/big',
            '/slow',
            '/slow-stream',
            '/events',
            '/x/**',
          ],
          urlLabel: 'API',
          auth: {
            type: 'header',
            name: 'Authorization',
            value: 'Bearer {API_KEY}',
          },
        },
        telephony: { enabled: false },
        payments: {
          enabled: true,
          paths: ['/**'],
          auth: { type: 'query', name: 'api_key', value: '{API_KEY}' },
        },
      },
    };
    return config;
  };

  const create = async (
    name: string,
    url: string,
    overrides: Record<string, unknown> = {},
  ) => {
    const res = await request(backend.server)
      .post('/api/integrations/integrations')
      .set('Authorization', userHeader())
      .send(
        integrationBody(
          {
            name,
            urls: [{ url, label: 'API' }],
            credentials: [{ key: 'API_KEY', value: SECRET }],
            ...overrides,
          },
          SECRET,
        ),
      );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  const call = (
    id: string,
    rest: string,
    options: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
    } = {},
  ) =>
    raw(backend.server, `/api/integrations/proxy/${id}/${rest}`, {
      ...options,
      headers: {
        authorization: billing,
        'x-integrations-project': CHECKOUT,
        ...options.headers,
      },
    });

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const tls = selfSignedCertificate();
    upstream = await startUpstream({ secret: SECRET });
    other = await startUpstream();
    loopback = await startUpstream({ host: '127.0.0.2' });
    tlsUpstream = await startUpstream({ tls, secret: SECRET });
    untrusted = await startUpstream({ tls: selfSignedCertificate() });
    backend = await startIntegrationsBackend({
      knex,
      config: proxyConfig(tls.cert),
      permissions: permissionsDeciding(p =>
        denied.has(p.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      ),
      features: [
        createServiceFactory({
          service: coreServices.auditor,
          deps: {},
          factory: () => auditor,
        }),
      ],
    });
    ids.http = await create('Local API', `${upstream.origin}/v1`);
    ids.https = await create('Local TLS API', `${tlsUpstream.origin}/v1`);
    ids.untrusted = await create('Untrusted TLS', `${untrusted.origin}/v1`);
    ids.metadata = await create('Metadata', 'http://169.254.169.254/latest');
    // 127.0.0.2 is loopback too, outside the one address the config allows.
    ids.loopback = await create(
      'Loopback',
      `http://127.0.0.2:${new URL(loopback.origin).port}/v1`,
    );
    ids.query = await create('Query auth', `${upstream.origin}/v1`, {
      type: 'payments',
    });
    ids.off = await create('Phone', `${upstream.origin}/v1`, {
      type: 'telephony',
    });
  });
  afterAll(async () => {
    await backend.stop();
    await Promise.all(
      [upstream, other, loopback, tlsUpstream, untrusted].map(u => u.close()),
    );
    await knex.destroy();
  });
  beforeEach(() => {
    denied.clear();
    upstream.hits.length = 0;
    other.hits.length = 0;
  });

  it('calls the integration URL with the injected credential and streams the answer back', async () => {
    const res = await call(ids.http, 'echo?q=1', {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(upstream.hits).toHaveLength(1);
    expect(upstream.hits[0].url).toBe('/v1/echo?q=1');
    expect(upstream.hits[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(upstream.hits[0].headers.accept).toBe('application/json');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('req-1');
  });

  it('calls an HTTPS upstream whose certificate is signed by a configured CA, and refuses one that is not', async () => {
    const ok = await call(ids.https, 'echo');
    expect(ok.status).toBe(200);
    expect(tlsUpstream.hits).toHaveLength(1);
    expect(JSON.parse(ok.body).headers.authorization).toBe(REDACTED);

    const refused = await call(ids.untrusted, 'echo');
    expect(refused.status).toBe(502);
    expect(untrusted.hits).toHaveLength(0);
    expect(refused.body).not.toContain(SECRET);
  });

  it('refuses loopback and cloud metadata when no CIDR allows them, before connecting', async () => {
    for (const id of [ids.metadata, ids.loopback]) {
      const res = await call(id, 'echo');
      expect(res.status).toBe(502);
      expect(JSON.parse(res.body).error.message).toMatch(
        /is not a public address/,
      );
    }
    expect(loopback.hits).toHaveLength(0);
  });

  it.each([
    '../echo',
    '%2e%2e/echo',
    '..%2fecho',
    '%2E%2e/echo',
    'x/%5c..%5cecho',
    'x\\..\\echo',
    '/evil/echo',
    './echo',
    'x/.%2e/echo',
  ])('answers %s with 400 and never connects', async rest => {
    const res = await call(ids.http, rest);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/^path: /);
    expect(upstream.hits).toHaveLength(0);
  });

  it('never passes on the caller Authorization, Cookie, Host, X-Forwarded-* or the project header', async () => {
    const res = await call(ids.http, 'echo', {
      headers: {
        cookie: 'backstage-session=abc',
        host: 'evil.example',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.example',
        'proxy-authorization': 'Basic eA==',
        'x-custom': 'nope',
      },
    });
    expect(res.status).toBe(200);
    const seen = upstream.hits[0].headers;
    expect(seen.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen.cookie).toBeUndefined();
    expect(seen.host).toBe(new URL(upstream.origin).host);
    expect(seen['x-forwarded-for']).toBeUndefined();
    expect(seen['x-forwarded-host']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['x-custom']).toBeUndefined();
    expect(seen['x-integrations-project']).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(billing);
  });

  it('replaces an echoed injected value in the body, also split across two chunks', async () => {
    const echoed = await call(ids.http, 'echo');
    expect(echoed.body).not.toContain(SECRET);
    expect(JSON.parse(echoed.body).headers.authorization).toBe(REDACTED);

    const split = await call(ids.http, 'split');
    expect(split.status).toBe(200);
    expect(split.body).toBe(`token=${REDACTED};done`);
  });

  it('does not follow a redirect: the other server sees nothing and Location leaving the base is dropped', async () => {
    upstream.setRedirect(`${other.origin}/v1/echo`);
    const res = await call(ids.http, 'redirect');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBeUndefined();
    expect(other.hits).toHaveLength(0);

    const moved = await call(ids.http, 'moved');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(
      `/api/integrations/proxy/${ids.http}/echo?page=2`,
    );
    expect(upstream.hits).toHaveLength(2);
  });

  it('drops Set-Cookie and CORS headers, and sandboxes HTML', async () => {
    const res = await call(ids.http, 'cookie');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const page = await call(ids.http, 'page');
    expect(page.headers['content-security-policy']).toMatch(/sandbox/);
  });

  it('cuts a 100 MiB stream at the response cap and stops the upstream', async () => {
    const { port } = backend.server.address() as AddressInfo;
    const received = await new Promise<number>(resolve => {
      let bytes = 0;
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/api/integrations/proxy/${ids.http}/big`,
          headers: {
            authorization: billing,
            'x-integrations-project': CHECKOUT,
          },
        },
        res => {
          res.on('data', c => {
            bytes += c.length;
          });
          res.on('close', () => resolve(bytes));
          res.on('error', () => resolve(bytes));
        },
      );
      req.on('error', () => resolve(bytes));
    });
    expect(received).toBeLessThanOrEqual(1024 * 1024);
    await new Promise(r => setTimeout(r, 200));
    expect(upstream.bigWritten()).toBeLessThan(20 * 1024 * 1024);
  });

  it('answers a slow upstream with 504 within the total timeout', async () => {
    const started = Date.now();
    const res = await call(ids.http, 'slow');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('cancels the upstream call when the caller goes away', async () => {
    const { port } = backend.server.address() as AddressInfo;
    await new Promise<void>(resolve => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/api/integrations/proxy/${ids.http}/slow-stream`,
          headers: {
            authorization: billing,
            'x-integrations-project': CHECKOUT,
          },
        },
        res =>
          res.once('data', () => {
            req.destroy();
            resolve();
          }),
      );
    });
    await new Promise(r => setTimeout(r, 300));
    expect(upstream.slowClosed()).toBe(true);
  });

  it('refuses without integrations.proxy.use with 403 before any connection', async () => {
    denied.add('integrations.proxy.use');
    const res = await call(ids.http, 'echo');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toMatch(
      /integrations\.proxy\.use/,
    );
    expect(upstream.hits).toHaveLength(0);
  });

  it('needs neither resolve nor reveal: proxy.use alone is enough', async () => {
    denied.add('integrations.credential.use');
    denied.add('integrations.credential.reveal');
    const res = await call(ids.http, 'echo');
    expect(res.status).toBe(200);
  });

  it('refuses a paused assignment, another project, a missing project, an off type, a method or path not allowed', async () => {
    const paused = await create('Paused', `${upstream.origin}/v1`);
    const pause = await request(backend.server)
      .post(
        `/api/integrations/integrations/${paused}/projects/${encodeURIComponent(
          CHECKOUT,
        )}/pause`,
      )
      .set('Authorization', userHeader())
      .send({ reason: 'leak' });
    expect(pause.status).toBe(200);
    expect((await call(paused, 'echo')).status).toBe(403);
    expect(
      (
        await call(ids.http, 'echo', {
          headers: { 'x-integrations-project': 'component:default/other' },
        })
      ).status,
    ).toBe(403);
    const missing = await raw(
      backend.server,
      `/api/integrations/proxy/${ids.http}/echo`,
      {
        headers: { authorization: billing },
      },
    );
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).error.message).toMatch(
      /^x-integrations-project: /,
    );
    expect((await call(ids.off, 'echo')).status).toBe(403);
    expect((await call(ids.http, 'echo', { method: 'DELETE' })).status).toBe(
      403,
    );
    expect((await call(ids.http, 'admin')).status).toBe(403);
    expect(upstream.hits).toHaveLength(0);
  });

  it('passes a POST body through and refuses one over the request cap with 413', async () => {
    const ok = await call(ids.http, 'echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    expect(ok.status).toBe(200);
    expect(upstream.hits[0].body).toBe('{"hello":"world"}');
    const big = await call(ids.http, 'echo', {
      method: 'POST',
      body: 'x'.repeat(65 * 1024),
    });
    expect(big.status).toBe(413);
    expect(upstream.hits).toHaveLength(1);
  });

  it('delivers server-sent events one by one', async () => {
    const { port } = backend.server.address() as AddressInfo;
    const events = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/api/integrations/proxy/${ids.http}/events`,
          headers: {
            authorization: billing,
            'x-integrations-project': CHECKOUT,
          },
        },
        res => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            seen.push(chunk);
            // The next event is only sent once this one arrived.
            upstream.nextEvent();
          });
          res.on('end', () => resolve(seen));
        },
      );
      req.on('error', reject);
    });
    expect(events).toEqual([
      'data: event 1\n\n',
      'data: event 2\n\n',
      'data: event 3\n\n',
    ]);
  });

  it('answers 429 with Retry-After past the per-integration concurrency', async () => {
    const slow = [call(ids.http, 'slow'), call(ids.http, 'slow')];
    await new Promise(r => setTimeout(r, 200));
    const third = await call(ids.http, 'echo');
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    await Promise.all(slow);
  });

  it('audits each call once with integration, project, method, status, bytes and time, never the query or a value', async () => {
    auditor.events.length = 0;
    await call(ids.http, `echo?api_key=${SECRET}-query`);
    const events = auditor.events.filter(e => e.eventId === 'proxy-fetch');
    expect(events).toHaveLength(1);
    expect(events[0].outcome).toBe('succeeded');
    expect(events[0].final).toMatchObject({
      integrationId: ids.http,
      project: CHECKOUT,
      method: 'GET',
      status: 200,
      actor: 'plugin:billing',
    });
    expect((events[0].final as any).bytes).toBeGreaterThan(0);
    expect(typeof (events[0].final as any).ms).toBe('number');
    expect(JSON.stringify(auditor.events)).not.toContain(SECRET);
    expect(JSON.stringify(auditor.events)).not.toContain('api_key');
  });

  it('tells an integration page whether the proxy is on, and shows proxy callers under usage', async () => {
    const on = await request(backend.server)
      .get(`/api/integrations/integrations/${ids.http}/proxy`)
      .set('Authorization', userHeader());
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({
      enabled: true,
      methods: ['GET', 'POST'],
      urlLabel: 'API',
      baseHost: new URL(upstream.origin).host,
      auth: 'header',
    });
    const off = await request(backend.server)
      .get(`/api/integrations/integrations/${ids.off}/proxy`)
      .set('Authorization', userHeader());
    expect(off.body).toEqual({
      enabled: false,
      methods: [],
      paths: [],
      auth: 'none',
    });

    expect((await call(ids.http, 'echo')).status).toBe(200);
    await new Promise(r => setTimeout(r, 1500));
    const usage = await request(backend.server)
      .get(`/api/integrations/integrations/${ids.http}/usage`)
      .set('Authorization', userHeader());
    expect(usage.body.items).toContainEqual(
      expect.objectContaining({
        consumer: 'plugin:billing',
        project: CHECKOUT,
      }),
    );
  });

  it('answers a malformed integration id with 400, never a 500', async () => {
    for (const id of ['%zz', 'not-a-uuid']) {
      const res = await call(id, 'echo');
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toMatch(/^integrationId: /);
    }
  });

  it('sends a GET that came with a body length without the length, so the upstream does not wait', async () => {
    const res = await call(ids.http, 'echo', {
      body: 'ignored',
      headers: { 'content-length': '7' },
    });
    expect(res.status).toBe(200);
    expect(upstream.hits[0].headers['content-length']).toBeUndefined();
  });

  it("places a query credential over the caller's parameter of that name and keeps it out of the answer", async () => {
    const res = await call(ids.query, 'echo?api_key=mine&page=2');
    expect(res.status).toBe(200);
    const seen = new URL(upstream.hits[0].url, 'http://x');
    expect(seen.searchParams.get('api_key')).toBe(SECRET);
    expect(seen.searchParams.getAll('api_key')).toHaveLength(1);
    expect(seen.searchParams.get('page')).toBe('2');
    expect(res.body).not.toContain(SECRET);
    expect(JSON.parse(res.body).url).toContain(`api_key=${REDACTED}`);
  });
});
