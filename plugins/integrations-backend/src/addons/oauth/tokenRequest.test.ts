import { AddressPolicy } from '../../core/net/addressPolicy';
import { SafeFetch } from '../checks/safeFetch';
import { startTokenServer } from './__testUtils__/tokenServer';
import { requestToken, TokenRequest } from './tokenRequest';

const SECRET = 'se cret:+&=canary-81d4';

describe('requestToken against a real token endpoint', () => {
  let server: Awaited<ReturnType<typeof startTokenServer>>;
  const loopbackAllowed = new SafeFetch(new AddressPolicy(['127.0.0.1/32']), {
    connectTimeoutMs: 1000,
    totalTimeoutMs: 2000,
    maxResponseBytes: 4096,
    maxRedirects: 0,
  });
  const request = (overrides: Partial<TokenRequest> = {}): TokenRequest => ({
    tokenUrl: server.url,
    clientId: 'client one',
    clientSecret: SECRET,
    scopes: [],
    clientAuth: 'basic',
    ...overrides,
  });

  beforeAll(async () => {
    server = await startTokenServer({ id: 'client one', secret: SECRET });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
    Object.assign(server.state, { mode: 'ok', expiresIn: 120, delayMs: 0 });
  });

  it('sends the client in a form-encoded Basic header and no scope when none is configured', async () => {
    const minted = await requestToken(loopbackAllowed, request());
    expect(minted).toEqual({
      accessToken: 'token-1',
      tokenType: 'Bearer',
      expiresIn: 120,
    });
    expect(server.seen[0].form.get('grant_type')).toBe('client_credentials');
    expect(server.seen[0].form.has('scope')).toBe(false);
    expect(server.seen[0].form.has('client_secret')).toBe(false);
  });

  it('sends the client in the form with client_secret_post', async () => {
    await requestToken(
      loopbackAllowed,
      request({ clientAuth: 'post', scopes: ['a', 'b'] }),
    );
    const [seen] = server.seen;
    expect(seen.authorization).toBeUndefined();
    expect(seen.form.get('client_secret')).toBe(SECRET);
    expect(seen.form.get('scope')).toBe('a b');
  });

  it('leaves out expires_in when the endpoint sends none', async () => {
    server.state.expiresIn = undefined;
    const minted = await requestToken(loopbackAllowed, request());
    expect(minted.expiresIn).toBeUndefined();
  });

  it('names the host and the OAuth error code, never the secret the endpoint echoed', async () => {
    server.state.mode = 'fail';
    const error = await requestToken(loopbackAllowed, request()).catch(e => e);
    const host = new URL(server.url).host;
    expect(error.message).toBe(
      `OAuth token endpoint ${host} answered 401 (invalid_client)`,
    );
    expect(JSON.stringify(error)).not.toContain('canary');
    expect(String(error.stack)).not.toContain('canary');
  });

  it('never follows a redirect of the token request', async () => {
    server.state.mode = 'redirect';
    await expect(requestToken(loopbackAllowed, request())).rejects.toThrow(
      'answered with a redirect, which is not followed',
    );
    expect(server.seen).toHaveLength(1);
  });

  it('refuses a token URL on a non-public address before connecting', async () => {
    const strict = new SafeFetch(new AddressPolicy([]));
    const error = await requestToken(strict, request()).catch(e => e);
    expect(error.message).toContain('is not a public address');
    expect(error.unreachable).toBe(true);
    expect(server.seen).toHaveLength(0);
  });

  it('refuses an answer over the size limit', async () => {
    const tiny = new SafeFetch(new AddressPolicy(['127.0.0.1/32']), {
      connectTimeoutMs: 1000,
      totalTimeoutMs: 2000,
      maxResponseBytes: 16,
      maxRedirects: 0,
    });
    await expect(requestToken(tiny, request())).rejects.toThrow(
      'more than the size limit allows',
    );
  });
});
