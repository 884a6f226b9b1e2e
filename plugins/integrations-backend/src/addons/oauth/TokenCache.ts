import { MintedToken } from './tokenRequest';

export interface CachedToken {
  value: string;
  tokenType: string;
  scope?: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms: from here on the next caller waits for a fresh token. */
  refreshAt: number;
}

interface Entry {
  /** What the token was minted with; another client secret is another entry. */
  fingerprint: string;
  token?: CachedToken;
  /** The one token request in flight, shared by every caller. */
  flight?: Promise<CachedToken>;
  failure?: { error: Error; until: number };
}

interface TokenCacheOptions {
  refreshSkewMs: number;
  failureHoldMs: number;
  defaultLifetimeMs: number;
  now?: () => number;
}

const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Access tokens in this replica's memory, per integration and scope. One
 * token request at a time per entry (single flight); a token is refreshed
 * before it expires; a failed request is answered from memory for a short
 * hold instead of asking the endpoint again for every caller.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  async get(
    integrationId: string,
    scope: string,
    fingerprint: string,
    mint: () => Promise<MintedToken>,
  ): Promise<CachedToken> {
    const key = `${integrationId}\n${scope}`;
    let entry = this.entries.get(key);
    if (!entry || entry.fingerprint !== fingerprint) {
      entry = { fingerprint };
      this.entries.set(key, entry);
    }
    const { token, failure } = entry;
    const now = this.now();
    if (token && now < token.refreshAt) return token;
    const stillValid = () => token && this.now() < token.expiresAt;
    if (failure && now < failure.until) {
      if (stillValid()) return token!;
      throw failure.error;
    }
    entry.flight ??= this.mint(entry, mint);
    try {
      return await entry.flight;
    } catch (error) {
      // A failed refresh keeps serving the token it would have replaced.
      if (stillValid()) return token!;
      throw error;
    }
  }

  /** Forgets every token of an integration (its credentials changed). */
  drop(integrationId: string) {
    for (const key of this.entries.keys()) {
      if (key.startsWith(`${integrationId}\n`)) this.entries.delete(key);
    }
  }

  private async mint(
    entry: Entry,
    mint: () => Promise<MintedToken>,
  ): Promise<CachedToken> {
    try {
      // Deferred, so a mint that throws at once still clears `flight` after it was set.
      const minted = await Promise.resolve().then(mint);
      const issued = this.now();
      const lifetime =
        minted.expiresIn === undefined
          ? this.options.defaultLifetimeMs
          : Math.min(Math.max(1, minted.expiresIn) * 1000, MAX_LIFETIME_MS);
      const token: CachedToken = {
        value: minted.accessToken,
        tokenType: minted.tokenType,
        ...(minted.scope === undefined ? {} : { scope: minted.scope }),
        expiresAt: issued + lifetime,
        refreshAt:
          issued +
          lifetime -
          Math.min(this.options.refreshSkewMs, lifetime / 2),
      };
      entry.token = token;
      entry.failure = undefined;
      return token;
    } catch (error) {
      entry.failure = {
        error: error as Error,
        until: this.now() + this.options.failureHoldMs,
      };
      throw error;
    } finally {
      entry.flight = undefined;
    }
  }
}
