import { AddressPolicy } from '../../core/net/addressPolicy';
import { LookupFunction } from '../../core/net/pinnedLookup';
import { DEFAULT_LIMITS, SafeFetch, SafeFetchError } from './safeFetch';
import { startLocalServer } from './__testUtils__/localServer';

type Server = Awaited<ReturnType<typeof startLocalServer>>;

// Loopback is allowed through the operator allowlist in these tests only.
const loopbackAllowed = new AddressPolicy(['127.0.0.0/8']);
const fast = { ...DEFAULT_LIMITS, connectTimeoutMs: 500, totalTimeoutMs: 500 };

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(SafeFetchError);
  return error as SafeFetchError;
}

describe('SafeFetch', () => {
  let server: Server;
  let other: Server;
  beforeAll(async () => {
    server = await startLocalServer('127.0.0.1');
    other = await startLocalServer('127.0.0.2');
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });
  beforeEach(() => {
    server.seen.length = 0;
    other.seen.length = 0;
  });

  it('answers with the status of an allowed address and discards the body unless asked', async () => {
    const response = await new SafeFetch(loopbackAllowed, fast).fetch({
      url: `${server.origin}/ok`,
      method: 'GET',
      headers: {},
      readBody: false,
    });
    expect(response).toEqual({ status: 200, truncated: false });
  });

  it('refuses loopback without the operator allowlist, before connecting', async () => {
    const error = await refusal(
      new SafeFetch(new AddressPolicy(), fast).fetch({
        url: `${server.origin}/ok`,
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.kind).toBe('refused');
    expect(error.message).toContain('127.0.0.1 is not a public address');
    expect(server.seen).toHaveLength(0);
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/_x', 'ftp://x/'])(
    'refuses %s',
    async url => {
      const error = await refusal(
        new SafeFetch(loopbackAllowed, fast).fetch({
          url,
          method: 'GET',
          headers: {},
          readBody: false,
        }),
      );
      expect(error.kind).toBe('refused');
      expect(error.message).toMatch(/only http and https URLs are checked/);
    },
  );

  it('refuses a DNS name that resolves to a private address and connects to nothing', async () => {
    const lookup = jest.fn<ReturnType<LookupFunction>, [string]>(async () => [
      { address: '10.0.0.5', family: 4 },
    ]);
    const error = await refusal(
      new SafeFetch(loopbackAllowed, fast, lookup).fetch({
        url: 'http://internal.example.com/ok',
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(lookup).toHaveBeenCalledWith('internal.example.com');
    expect(error.message).toContain('10.0.0.5 is not a public address');
  });

  it('refuses a name with one public and one private address (rebinding)', async () => {
    const lookup: LookupFunction = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    const error = await refusal(
      new SafeFetch(loopbackAllowed, fast, lookup).fetch({
        url: 'http://rebind.example.com/',
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.message).toContain('169.254.169.254');
  });

  it('connects to the address it checked, not to a second lookup', async () => {
    let calls = 0;
    // A rebinding resolver: public-looking first, then a refused address.
    const lookup: LookupFunction = async () =>
      calls++ === 0
        ? [{ address: '127.0.0.1', family: 4 }]
        : [{ address: '10.9.9.9', family: 4 }];
    const response = await new SafeFetch(loopbackAllowed, fast, lookup).fetch({
      url: `http://service.example.com:${server.port}/ok`,
      method: 'GET',
      headers: {},
      readBody: false,
    });
    expect(response.status).toBe(200);
    expect(calls).toBe(1);
    expect(server.seen[0].headers.host).toBe(
      `service.example.com:${server.port}`,
    );
  });

  it('re-checks every redirect and refuses one into the metadata range', async () => {
    server.redirectTo('http://169.254.169.254/latest/meta-data/');
    const error = await refusal(
      new SafeFetch(loopbackAllowed, fast).fetch({
        url: `${server.origin}/redirect`,
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.kind).toBe('refused');
    expect(error.message).toBe(
      'http://169.254.169.254: 169.254.169.254 is not a public address (allow it with integrationsHub.checks.allowedCidrs)',
    );
  });

  it('refuses a redirect to a DNS name that resolves into a private range', async () => {
    server.redirectTo('http://evil.example.com/');
    const lookup: LookupFunction = async host =>
      host === 'evil.example.com'
        ? [{ address: 'fd00:ec2::254', family: 6 }]
        : [{ address: '127.0.0.1', family: 4 }];
    const error = await refusal(
      new SafeFetch(loopbackAllowed, fast, lookup).fetch({
        url: `${server.origin}/redirect`,
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.message).toContain('fd00:ec2::254 is not a public address');
  });

  it('stops after the redirect limit', async () => {
    const error = await refusal(
      new SafeFetch(loopbackAllowed, fast).fetch({
        url: `${server.origin}/loop`,
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.message).toBe('more than 3 redirects');
    expect(server.seen).toHaveLength(4);
  });

  it('drops the Authorization header on a redirect to another origin', async () => {
    server.redirectTo(`${other.origin}/ok`);
    const response = await new SafeFetch(loopbackAllowed, fast).fetch({
      url: `${server.origin}/redirect`,
      method: 'GET',
      headers: { Authorization: 'Bearer secret-value' },
      readBody: false,
    });
    expect(response.status).toBe(200);
    expect(server.seen[0].headers.authorization).toBe('Bearer secret-value');
    expect(other.seen[0].headers.authorization).toBeUndefined();
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const error = await refusal(
      new SafeFetch(loopbackAllowed, { ...fast, totalTimeoutMs: 300 }).fetch({
        url: `${server.origin}/slow`,
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('no complete answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads at most maxResponseBytes of a body and reports the cut', async () => {
    const response = await new SafeFetch(loopbackAllowed, {
      ...fast,
      maxResponseBytes: 1024,
    }).fetch({
      url: `${server.origin}/big`,
      method: 'GET',
      headers: {},
      readBody: true,
    });
    expect(response.truncated).toBe(true);
    expect(response.body?.length).toBe(1024);
  });

  it('refuses user info in a URL', async () => {
    const error = await refusal(
      new SafeFetch(loopbackAllowed, fast).fetch({
        url: `http://user:pass@127.0.0.1:${server.port}/ok`,
        method: 'GET',
        headers: {},
        readBody: false,
      }),
    );
    expect(error.message).not.toContain('pass');
  });
});
