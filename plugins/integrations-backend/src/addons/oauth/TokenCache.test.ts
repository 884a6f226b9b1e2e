import { TokenCache } from './TokenCache';
import { MintedToken } from './tokenRequest';

function setup(options: { lifetimeS?: number } = {}) {
  let now = 1_000_000;
  const cache = new TokenCache({
    refreshSkewMs: 60_000,
    failureHoldMs: 10_000,
    defaultLifetimeMs: 300_000,
    now: () => now,
  });
  let minted = 0;
  let fail = false;
  const mint = jest.fn(async (): Promise<MintedToken> => {
    await new Promise(resolve => setTimeout(resolve, 5));
    if (fail) throw new Error('endpoint down');
    minted += 1;
    return {
      accessToken: `token-${minted}`,
      tokenType: 'Bearer',
      expiresIn: options.lifetimeS ?? 3600,
    };
  });
  return {
    cache,
    mint,
    get: (fingerprint = 'f1') => cache.get('i1', 'read', fingerprint, mint),
    advance: (ms: number) => {
      now += ms;
    },
    failNext: (value: boolean) => {
      fail = value;
    },
  };
}

describe('TokenCache', () => {
  it('asks for one token when 50 callers want one at once', async () => {
    const { get, mint } = setup();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => get()));
    expect(mint).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map(t => t.value))).toEqual(new Set(['token-1']));
  });

  it('refreshes a token near its expiry once, for all callers at once', async () => {
    const { get, mint, advance } = setup();
    await get();
    advance(3600_000 - 60_000 - 1);
    expect((await get()).value).toBe('token-1');
    advance(2);
    const refreshed = await Promise.all(
      Array.from({ length: 20 }, () => get()),
    );
    expect(mint).toHaveBeenCalledTimes(2);
    expect(new Set(refreshed.map(t => t.value))).toEqual(new Set(['token-2']));
  });

  it('refreshes a short-lived token at half its lifetime', async () => {
    const { get, mint, advance } = setup({ lifetimeS: 10 });
    const first = await get();
    expect(first.refreshAt - first.expiresAt).toBe(-5_000);
    advance(5_001);
    expect((await get()).value).toBe('token-2');
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('keeps serving a still valid token when its refresh fails, and holds a failure instead of asking again', async () => {
    const { get, mint, advance, failNext } = setup();
    await get();
    advance(3600_000 - 30_000);
    failNext(true);
    expect((await get()).value).toBe('token-1');
    expect((await get()).value).toBe('token-1');
    expect(mint).toHaveBeenCalledTimes(2);
    advance(31_000);
    await expect(get()).rejects.toThrow('endpoint down');
    // Expired, and within the hold: the same error without a request.
    await expect(get()).rejects.toThrow('endpoint down');
    expect(mint).toHaveBeenCalledTimes(3);
    advance(10_000);
    failNext(false);
    expect((await get()).value).toBe('token-2');
  });

  it('mints anew for another client secret and after drop', async () => {
    const { cache, get, mint } = setup();
    await get('f1');
    expect((await get('f2')).value).toBe('token-2');
    cache.drop('i1');
    expect((await get('f2')).value).toBe('token-3');
    expect(mint).toHaveBeenCalledTimes(3);
  });
});
