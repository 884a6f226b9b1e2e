import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

/**
 * Requests of one user that need the same permission decision while it is
 * being fetched share that fetch: the permission backend decides once for all
 * of them. Nothing outlives the fetch — the first request after it asks again,
 * so a changed policy applies to the very next request.
 *
 * The key is the caller's limited user token: exactly what the permission
 * backend sees of the caller, so requests that share a fetch would have been
 * given the same answer. Service principals are decided in process (no fetch)
 * and are never shared.
 */
export class InFlightDecisions<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly auth?: AuthService) {}

  async share(
    what: string,
    credentials: BackstageCredentials,
    fetch: () => Promise<T>,
  ): Promise<T> {
    const key = await this.keyOf(what, credentials);
    if (key === undefined) return fetch();
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const fetched = fetch().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetched);
    return fetched;
  }

  /** How many fetches are running now (for tests and diagnostics). */
  get size() {
    return this.inFlight.size;
  }

  private async keyOf(what: string, credentials: BackstageCredentials) {
    if (!this.auth?.isPrincipal(credentials, 'user')) return undefined;
    const { token } = await this.auth.getLimitedUserToken(credentials);
    return `${what}\n${token}`;
  }
}
