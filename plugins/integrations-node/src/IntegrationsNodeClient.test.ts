import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { IntegrationsNodeClient } from './IntegrationsNodeClient';

describe('IntegrationsNodeClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: IncomingMessage[] = [];
  const bodies: string[] = [];
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/integrations`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  const client = () => {
    const logger = mockServices.logger.mock();
    return {
      logger,
      client: new IntegrationsNodeClient({
        auth: mockServices.auth(),
        discovery: {
          getBaseUrl: async () => baseUrl,
          getExternalBaseUrl: async () => baseUrl,
        },
        logger,
      }),
    };
  };

  it('returns the integrations that resolved and shows the caller the ones that did not', async () => {
    answer = {
      status: 200,
      body: {
        project: 'component:default/checkout',
        integrations: [
          {
            id: 'a',
            name: 'Stripe',
            type: 'payments',
            urls: [],
            credentials: { KEY: 'v' },
          },
        ],
        failed: [
          {
            id: 'b',
            name: 'Twilio',
            key: 'AUTH_TOKEN',
            reason: 'could not be decrypted',
          },
        ],
      },
    };
    const { client: c, logger } = client();
    const result = await c.resolveCredentials({
      project: 'component:default/checkout',
      type: 'payments',
    });

    expect(result.integrations.map(i => i.name)).toEqual(['Stripe']);
    expect(result.failed).toEqual([
      {
        id: 'b',
        name: 'Twilio',
        key: 'AUTH_TOKEN',
        reason: 'could not be decrypted',
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Integration "Twilio" (b) was left out of resolve',
      ),
    );
    const request = seen[seen.length - 1];
    expect(request.url).toBe(
      '/api/integrations/resolve?project=component%3Adefault%2Fcheckout&type=payments',
    );
    expect(request.headers.authorization).toMatch(/^Bearer /);
  });

  it('throws a ResponseError with the status and message of a refusal', async () => {
    answer = {
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: 'nope' },
        response: { statusCode: 403 },
      },
    };
    const error = await client()
      .client.resolveCredentials({ project: 'component:default/checkout' })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe('nope');
  });

  it('pages a list with the cursor of the previous page', async () => {
    answer = {
      status: 200,
      body: {
        items: [],
        totalCount: 30,
        typeCounts: {},
        nextCursor: 'c2',
        limit: 10,
        access: 'all',
      },
    };
    const { client: c } = client();
    const page = await c.listIntegrations(
      { type: ['ai'], cursor: 'c1', limit: 10 },
      {},
    );
    expect(page.nextCursor).toBe('c2');
    expect(seen[seen.length - 1].url).toBe(
      '/api/integrations/integrations?type=ai&cursor=c1&limit=10',
    );
  });

  it('imports rows in one call, or previews them with dryRun', async () => {
    const row = {
      name: 'Stripe',
      type: 'payments',
      urls: [],
      projects: ['component:default/checkout'],
      credentials: [{ key: 'KEY', value: 'v' }],
    };
    answer = {
      status: 201,
      body: { created: [{ id: 'a', name: 'Stripe' }] },
    };
    const { client: c } = client();
    const created = await c.importIntegrations([row], {});
    expect(created.created).toEqual([{ id: 'a', name: 'Stripe' }]);
    expect(seen[seen.length - 1].method).toBe('POST');
    expect(seen[seen.length - 1].url).toBe(
      '/api/integrations/integrations/import?dryRun=false',
    );
    expect(JSON.parse(bodies[bodies.length - 1])).toEqual({
      integrations: [row],
    });

    answer = {
      status: 200,
      body: { rows: [{ index: 0, name: 'Stripe', errors: [] }] },
    };
    const preview = await c.importIntegrations([row], { dryRun: true });
    expect(preview.rows).toEqual([{ index: 0, name: 'Stripe', errors: [] }]);
    expect(seen[seen.length - 1].url).toBe(
      '/api/integrations/integrations/import?dryRun=true',
    );
  });

  it('reads and changes whether resolve returns the client secret', async () => {
    answer = {
      status: 200,
      body: { enabled: true, clientSecretResolvable: true },
    };
    const { client: c } = client();
    const settings = await c.updateOAuthSettings(
      'a',
      { clientSecretResolvable: true },
      {},
    );
    expect(settings.clientSecretResolvable).toBe(true);
    expect(seen[seen.length - 1].method).toBe('PUT');
    expect(seen[seen.length - 1].url).toBe(
      '/api/integrations/integrations/a/oauth2',
    );
    expect(JSON.parse(bodies[bodies.length - 1])).toEqual({
      clientSecretResolvable: true,
    });
    await c.getOAuthSettings('a', {});
    expect(seen[seen.length - 1].method).toBe('GET');
  });

  it('keeps the 0.3.0 method names as aliases of the operation names', async () => {
    const { client: c } = client();
    const calls: Array<[string, string]> = [
      ['resolve', '/api/integrations/resolve?project=component%3Adefault%2Fa'],
      [
        'pauseProject',
        '/api/integrations/integrations/i/projects/component%3Adefault%2Fa/pause',
      ],
      [
        'resumeProject',
        '/api/integrations/integrations/i/projects/component%3Adefault%2Fa/resume',
      ],
      ['getUsage', '/api/integrations/integrations/i/usage'],
      ['testConnection', '/api/integrations/integrations/i/check'],
    ];
    answer = {
      status: 200,
      body: { project: 'component:default/a', integrations: [], items: [] },
    };
    await c.resolve({ project: 'component:default/a' });
    await c.pauseProject('i', 'component:default/a', undefined, {});
    await c.resumeProject('i', 'component:default/a', {});
    await c.getUsage('i', {});
    await c.testConnection('i', {});
    expect(seen.slice(-calls.length).map(r => r.url)).toEqual(
      calls.map(([, url]) => url),
    );
  });

  it("passes a caller's signal on, so an abandoned call is cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client()
      .client.getIntegration('i', { signal: controller.signal })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
  });

  it('keeps credential keys such as __proto__ and constructor as data in resolve and reveal', async () => {
    // Written as raw JSON so the keys reach the wire exactly as a server sends them.
    answer = {
      status: 200,
      body: JSON.parse(`{
        "project": "component:default/checkout",
        "integrations": [{
          "id": "a", "name": "Odd", "type": "payments", "urls": [],
          "credentials": { "__proto__": "p-value", "constructor": "c-value", "KEY": "k" },
          "previousCredentials": { "__proto__": { "value": "old", "validUntil": "2027-01-01T00:00:00Z" } }
        }]
      }`),
    };
    const { client: c } = client();
    const [odd] = (
      await c.resolveCredentials({ project: 'component:default/checkout' })
    ).integrations;
    expect(Object.keys(odd.credentials)).toEqual([
      '__proto__',
      'constructor',
      'KEY',
    ]);
    const proto = '__proto__';
    expect(odd.credentials[proto]).toBe('p-value');
    expect(odd.credentials.constructor).toBe('c-value');
    // A key that is not there is not found on a prototype either.
    expect(odd.credentials.toString).toBeUndefined();
    expect(odd.credentials.hasOwnProperty).toBeUndefined();
    expect(Object.keys(odd.previousCredentials!)).toEqual(['__proto__']);
    expect(odd.previousCredentials![proto].value).toBe('old');

    answer = { status: 200, body: { key: '__proto__', value: 'p-value' } };
    const revealed = await c.revealCredential('a', '__proto__', {});
    expect(revealed).toEqual({ key: '__proto__', value: 'p-value' });
    expect(seen[seen.length - 1].url).toBe(
      '/api/integrations/integrations/a/credentials/__proto__/reveal',
    );
  });

  it('calls through the proxy with its own token and the project, never a credential', async () => {
    answer = { status: 200, body: { models: ['a'] } };
    seen.length = 0;
    bodies.length = 0;
    const res = await client().client.proxyFetch('int-1', {
      project: 'component:default/checkout',
      path: '/v1/models?limit=5',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"q":1}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ models: ['a'] });
    const req = seen[seen.length - 1];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/integrations/proxy/int-1/v1/models?limit=5');
    expect(req.headers['x-integrations-project']).toBe(
      'component:default/checkout',
    );
    expect(req.headers.authorization).toMatch(/^Bearer /);
    expect(bodies[bodies.length - 1]).toBe('{"q":1}');
  });
});
