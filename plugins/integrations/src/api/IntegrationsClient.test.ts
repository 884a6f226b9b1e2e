import { ResponseError } from '@backstage/errors';
import { IntegrationsClient } from './IntegrationsClient';

function clientWith(response: { status: number; body?: unknown }) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchApi = {
    fetch: async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(
        response.body === undefined ? null : JSON.stringify(response.body),
        {
          status: response.status,
          headers: { 'Content-Type': 'application/json' },
        },
      );
    },
  };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend.test/api/${id}`,
  };
  return {
    client: new IntegrationsClient({ discoveryApi, fetchApi: fetchApi as any }),
    calls,
  };
}

describe('IntegrationsClient', () => {
  it('sends list filters as repeatable query parameters', async () => {
    const { client, calls } = clientWith({
      status: 200,
      body: { items: [], totalCount: 0, typeCounts: {}, limit: 24 },
    });
    await client.listIntegrations({
      type: ['ai', 'payments'],
      q: 'api key',
      project: 'component:default/checkout',
      cursor: 'c_24',
      limit: 24,
    });
    expect(calls[0].url).toBe(
      'http://backend.test/api/integrations/integrations?type=ai&type=payments&q=api+key&project=component%3Adefault%2Fcheckout&cursor=c_24&limit=24',
    );
  });

  it('sends JSON bodies and encodes path segments', async () => {
    const { client, calls } = clientWith({
      status: 200,
      body: { key: 'A/B', value: 'v' },
    });
    await client.revealCredential('id 1', 'A/B');
    expect(calls[0].url).toBe(
      'http://backend.test/api/integrations/integrations/id%201/credentials/A%2FB/reveal',
    );
    expect(calls[0].init.method).toBe('POST');

    const { client: c2, calls: calls2 } = clientWith({ status: 201, body: {} });
    await c2.createIntegration({
      name: 'n',
      type: 'ai',
      urls: [],
      projects: [],
      credentials: [],
    });
    expect(calls2[0].init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(calls2[0].init.body as string)).toMatchObject({
      name: 'n',
    });
  });

  it('turns error responses into ResponseError with the status and message', async () => {
    const { client } = clientWith({
      status: 409,
      body: {
        error: { name: 'ConflictError', message: 'stale' },
        response: { statusCode: 409 },
      },
    });
    const error = await client
      .updateIntegration('x', {
        name: 'n',
        type: 'ai',
        urls: [],
        projects: [],
        credentials: [],
        version: 1,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('stale');
  });

  it('accepts an empty 204 on delete', async () => {
    const { client, calls } = clientWith({ status: 204 });
    await expect(client.deleteIntegration('x')).resolves.toBeUndefined();
    expect(calls[0].init.method).toBe('DELETE');
  });

  it('imports through the generated client, dryRun in the query', async () => {
    const { client, calls } = clientWith({ status: 200, body: { rows: [] } });
    const row = {
      name: 'n',
      type: 'ai',
      urls: [],
      projects: [],
      credentials: [],
    };
    await client.importIntegrations([row], { dryRun: true });
    expect(calls[0].url).toBe(
      'http://backend.test/api/integrations/integrations/import?dryRun=true',
    );
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      integrations: [row],
    });
  });

  it('exports with the list filters and hands back a file', async () => {
    const { client, calls } = clientWith({
      status: 200,
      body: { exportedAt: 'now', truncated: false, items: [] },
    });
    const blob = await client.exportIntegrations('json', {
      type: ['ai'],
      expiresWithinDays: 30,
      expired: undefined,
    });
    expect(calls[0].url).toBe(
      'http://backend.test/api/integrations/integrations/export?type=ai&expiresWithinDays=30&format=json',
    );
    expect(blob.type).toBe('application/json');
  });

  it('sends the assignment, version and usage calls to their operations', async () => {
    const { client, calls } = clientWith({ status: 200, body: { items: [] } });
    await client.pauseProjectAssignment('i', 'component:default/a', 'audit');
    await client.resumeProjectAssignment('i', 'component:default/a');
    await client.listCredentialVersions('i');
    await client.rollbackCredential('i', 'API_KEY', 2);
    await client.getIntegrationUsage('i');
    await client.checkIntegrationConnection('i');
    const base = 'http://backend.test/api/integrations/integrations/i';
    expect(calls.map(c => [c.init.method, c.url, c.init.body])).toEqual([
      [
        'POST',
        `${base}/projects/component%3Adefault%2Fa/pause`,
        JSON.stringify({ reason: 'audit' }),
      ],
      ['POST', `${base}/projects/component%3Adefault%2Fa/resume`, undefined],
      ['GET', `${base}/versions`, undefined],
      [
        'POST',
        `${base}/credentials/API_KEY/rollback`,
        JSON.stringify({ version: 2 }),
      ],
      ['GET', `${base}/usage`, undefined],
      ['POST', `${base}/check`, undefined],
    ]);
  });

  it("hands the caller's signal to fetch, so a stale list request is cancelled", async () => {
    const { client, calls } = clientWith({
      status: 200,
      body: { items: [], totalCount: 0, typeCounts: {}, limit: 24 },
    });
    const controller = new AbortController();
    await client.listIntegrations({ q: 'a' }, { signal: controller.signal });
    expect(calls[0].init.signal).toBe(controller.signal);
  });

  it('fetches through an integration for a project, with the project header and no redirect followed', async () => {
    const { client, calls } = clientWith({ status: 200, body: { ok: true } });
    const res = await client.proxyFetch(
      'int-1',
      'component:default/checkout',
      '/v1/models?limit=5',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(res.status).toBe(200);
    expect(calls[0].url).toBe(
      'http://backend.test/api/integrations/proxy/int-1/v1/models?limit=5',
    );
    const headers = new Headers(calls[0].init.headers);
    expect(headers.get('x-integrations-project')).toBe(
      'component:default/checkout',
    );
    expect(headers.get('content-type')).toBe('application/json');
    expect(calls[0].init.redirect).toBe('manual');
    expect(calls[0].init.method).toBe('POST');
  });
});
