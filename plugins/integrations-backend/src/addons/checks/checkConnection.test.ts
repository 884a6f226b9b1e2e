import { AddressPolicy } from '../../core/net/addressPolicy';
import { checkConnection } from './checkConnection';
import {
  checkDefinitionInputSchema,
  CheckDefinitionInput,
  expandDefinition,
} from './definition';
import { DEFAULT_LIMITS, SafeFetch } from './safeFetch';
import {
  BODY_CANARY,
  GOOD_TOKEN,
  startLocalServer,
} from './__testUtils__/localServer';

type Server = Awaited<ReturnType<typeof startLocalServer>>;

const fetcher = new SafeFetch(new AddressPolicy(['127.0.0.0/8']), {
  ...DEFAULT_LIMITS,
  totalTimeoutMs: 400,
});
const define = (input: CheckDefinitionInput) =>
  expandDefinition(checkDefinitionInputSchema.parse(input));

describe('checkConnection', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());

  const check = (
    input: CheckDefinitionInput,
    credentials: Record<string, string> = { API_KEY: GOOD_TOKEN },
    urls = [{ url: server.origin }],
  ) => checkConnection(define(input), { urls, credentials }, fetcher);

  it('is healthy when a bearer API answers 2xx to the right token', async () => {
    const [result] = await check({ preset: 'bearer', path: '/bearer' });
    expect(result).toMatchObject({
      urlIndex: 0,
      url: `${server.origin}/bearer`,
      status: 'healthy',
      httpStatus: 200,
      reason: 'HTTP 200',
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
  });

  it('is unhealthy with a wrong credential and says it was rejected', async () => {
    const [result] = await check(
      { preset: 'bearer', path: '/bearer' },
      { API_KEY: 'wrong-token-123' },
    );
    expect(result).toMatchObject({
      status: 'unhealthy',
      httpStatus: 401,
      reason: 'HTTP 401, expected 2xx: the credential was rejected',
    });
  });

  it('is unhealthy by status', async () => {
    const [result] = await check({ path: '/down' });
    expect(result).toMatchObject({
      status: 'unhealthy',
      httpStatus: 503,
      reason: 'HTTP 503, expected 2xx, 3xx, 4xx',
    });
  });

  it('is unhealthy on a timeout', async () => {
    const [result] = await check({ path: '/slow' });
    expect(result).toMatchObject({
      status: 'unhealthy',
      reason: 'no complete answer within 400 ms',
    });
    expect(result.httpStatus).toBeUndefined();
  });

  it('applies basic auth from two credential keys', async () => {
    const [result] = await check(
      {
        preset: 'basic',
        path: '/basic',
        auth: { type: 'basic', usernameKey: 'USER', passwordKey: 'TOKEN' },
      },
      { USER: 'user', TOKEN: GOOD_TOKEN },
    );
    expect(result.status).toBe('healthy');
  });

  it('applies a query parameter and shows the URL without it', async () => {
    const [result] = await check({
      path: '/query',
      auth: { type: 'query', name: 'api_key', value: '{API_KEY}' },
      healthyStatus: ['200'],
    });
    expect(result.status).toBe('healthy');
    expect(result.url).toBe(`${server.origin}/query`);
    expect(server.seen.at(-1)?.path).toBe(`/query?api_key=${GOOD_TOKEN}`);
  });

  it('checks a JSON field without quoting what it found', async () => {
    const jsonField = { path: 'status', equals: 'ok' };
    const [ok] = await check({ path: '/ok', jsonField });
    const [degraded] = await check({ path: '/degraded', jsonField });
    expect(ok).toMatchObject({
      status: 'healthy',
      reason: 'HTTP 200, status as expected',
    });
    expect(degraded).toMatchObject({
      status: 'unhealthy',
      reason: 'HTTP 200, but JSON field status is not the expected value',
    });
    expect(degraded.reason).not.toContain('degraded');
  });

  it('is an error, not a request, when a credential the check needs is missing', async () => {
    const before = server.seen.length;
    const [result] = await check({ preset: 'bearer', path: '/bearer' }, {});
    expect(result).toMatchObject({
      status: 'error',
      reason: 'the check needs credential API_KEY, which is not set',
    });
    expect(server.seen.length).toBe(before);
  });

  it('reachability checks every URL without credentials', async () => {
    const results = await check({}, { API_KEY: GOOD_TOKEN }, [
      { url: `${server.origin}/ok` },
      { url: `${server.origin}/down` },
    ]);
    expect(results.map(r => [r.urlIndex, r.status])).toEqual([
      [0, 'healthy'],
      [1, 'unhealthy'],
    ]);
    expect(server.seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('is an error for a URL index the integration does not have', async () => {
    const [result] = await check({ urlIndex: 3 });
    expect(result).toMatchObject({
      urlIndex: 3,
      status: 'error',
      reason: 'the check uses URL #4, but the integration has 1',
    });
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/x'])(
    'refuses the URL %s',
    async url => {
      const [result] = await check({}, {}, [{ url }]);
      expect(result.status).toBe('error');
      expect(result.reason).toMatch(/only http and https URLs are checked/);
    },
  );

  it('never returns the response body or a credential (canary)', async () => {
    server.redirectTo(`http://169.254.169.254/?token=${GOOD_TOKEN}`);
    const results = [
      ...(await check({ preset: 'bearer', path: '/ok' })),
      ...(await check({ preset: 'bearer', path: '/down' })),
      ...(await check({ preset: 'bearer', path: '/redirect' })),
      ...(await check({
        path: `/bearer?echo=${GOOD_TOKEN}`,
        auth: { type: 'query', name: 'k', value: '{API_KEY}' },
      })),
    ];
    const text = JSON.stringify(results);
    expect(text).not.toContain(BODY_CANARY);
    expect(text).not.toContain(GOOD_TOKEN);
    expect(results[2].reason).toContain(
      '169.254.169.254 is not a public address',
    );
  });
});

describe('check definitions', () => {
  it('names the field of a bad definition', () => {
    const result = checkDefinitionInputSchema.safeParse({
      auth: { type: 'header', name: 'Host', value: 'x' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['auth', 'name']);
  });

  it('lets explicit fields override a preset', () => {
    expect(
      define({
        preset: 'bearer',
        auth: { type: 'header', name: 'X-Api-Key', value: '{TOKEN}' },
      }),
    ).toEqual({
      urlIndex: 0,
      method: 'GET',
      auth: { type: 'header', name: 'X-Api-Key', value: '{TOKEN}' },
      healthyStatus: ['2xx'],
    });
  });
});
