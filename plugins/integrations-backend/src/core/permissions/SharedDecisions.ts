import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

/** Users whose recent decisions are remembered at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  decision: Promise<T>;
  /** Until when a settled decision is reused; undefined while it is being fetched. */
  reusableUntil?: number;
}

/**
 * One user's requests that need the same permission decision share one fetch
 * from the permission backend: while it is in flight, and for `reuseMs` after
 * it settled (0: only in flight). Each fetch is a signed token and a round trip
 * through the permission backend, which costs more than the list or get it
 * guards.
 *
 * The key is the caller's limited user token: exactly what the permission
 * backend sees of the caller, so requests that share a decision would have been
 * given the same answer unless the policy's own inputs (its config, data it
 * reads) changed within `reuseMs`. A failed fetch is never kept. Service
 * principals are decided in process (no fetch) and are never shared. Which
 * permissions may be shared is the caller's choice (never reveal or use).
 */
export class SharedDecisions<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private lastSweep = 0;

  constructor(
    private readonly auth?: AuthService,
    private readonly reuseMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  async share(
    what: string,
    credentials: BackstageCredentials,
    fetch: () => Promise<T>,
  ): Promise<T> {
    const key = await this.keyOf(what, credentials);
    if (key === undefined) return fetch();
    const known = this.entries.get(key);
    if (known && this.isLive(known)) return known.decision;

    const entry: Entry<T> = { decision: fetch() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.bound();
    entry.decision.then(
      () => {
        if (this.reuseMs > 0) entry.reusableUntil = this.now() + this.reuseMs;
        else this.forget(key, entry);
      },
      () => this.forget(key, entry),
    );
    return entry.decision;
  }

  /** How many decisions are in flight or reusable now (for tests and diagnostics). */
  get size() {
    return [...this.entries.values()].filter(e => this.isLive(e)).length;
  }

  private isLive(entry: Entry<T>) {
    return (
      entry.reusableUntil === undefined || entry.reusableUntil > this.now()
    );
  }

  private forget(key: string, entry: Entry<T>) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  /** Drops expired decisions (at most once per reuse window) and the oldest beyond MAX_ENTRIES. */
  private bound() {
    const now = this.now();
    if (now - this.lastSweep >= this.reuseMs) {
      this.lastSweep = now;
      for (const [key, entry] of this.entries) {
        if (!this.isLive(entry)) this.entries.delete(key);
      }
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }

  private async keyOf(what: string, credentials: BackstageCredentials) {
    if (!this.auth?.isPrincipal(credentials, 'user')) return undefined;
    const { token } = await this.auth.getLimitedUserToken(credentials);
    return `${what}\n${token}`;
  }
}
