import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, Socket } from 'node:net';
import { AddressPolicy } from '../../core/net/addressPolicy';
import {
  LookupFunction,
  pinnedLookup,
  systemLookup,
} from '../../core/net/pinnedLookup';

export interface SafeFetchLimits {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: SafeFetchLimits = {
  connectTimeoutMs: 3_000,
  totalTimeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  maxRedirects: 3,
};

interface SafeFetchRequest {
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  /** A POST's body (e.g. a token request's form); a POST is never redirected. */
  body?: string;
  /** Read (at most maxResponseBytes of) the body; otherwise it is discarded unread. */
  readBody: boolean;
}

interface SafeFetchResponse {
  status: number;
  /** Only when asked for; the caller inspects it and drops it. */
  body?: Buffer;
  /** The body was longer than maxResponseBytes and was cut off. */
  truncated: boolean;
}

type SafeFetchErrorKind = 'refused' | 'timeout' | 'network';

/** Why a request was not made or did not complete; the message never holds a header value. */
export class SafeFetchError extends Error {
  constructor(readonly kind: SafeFetchErrorKind, message: string) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials and must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization']);

/** Only the origin of a URL: paths and queries may hold tokens. */
const originOf = (url: URL) => `${url.protocol}//${url.host}`;

/**
 * HTTP(S) client for connection checks that cannot be pointed into the
 * internal network: every address is checked after DNS resolution and the
 * socket connects to exactly that address (no second lookup), on every
 * redirect; timeouts and a response size cap bound each call.
 */
export class SafeFetch {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly limits: SafeFetchLimits = DEFAULT_LIMITS,
    private readonly lookup: LookupFunction = systemLookup,
  ) {}

  async fetch(request: SafeFetchRequest): Promise<SafeFetchResponse> {
    const deadline = Date.now() + this.limits.totalTimeoutMs;
    let url = this.parse(request.url);
    let method = request.method;
    let headers = { ...request.headers };
    for (let redirects = 0; ; redirects++) {
      const response = await this.hop(url, method, headers, request, deadline);
      if (!('location' in response)) return response;
      // Following would send the body (and its secrets) on, or drop it silently.
      if (method === 'POST') {
        throw new SafeFetchError(
          'refused',
          `answered ${response.status} with a redirect, which is not followed`,
        );
      }
      if (redirects >= this.limits.maxRedirects) {
        throw new SafeFetchError(
          'refused',
          `more than ${this.limits.maxRedirects} redirects`,
        );
      }
      const next = this.parse(response.location, url);
      if (originOf(next) !== originOf(url)) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(
            ([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()),
          ),
        );
      }
      if (response.status === 303) method = 'GET';
      url = next;
    }
  }

  private parse(raw: string, base?: URL): URL {
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      throw new SafeFetchError(
        'refused',
        base ? 'the redirect target is not a valid URL' : 'not a valid URL',
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SafeFetchError(
        'refused',
        `only http and https URLs are checked, not ${url.protocol}`,
      );
    }
    if (url.username || url.password) {
      throw new SafeFetchError(
        'refused',
        'user info in a URL is not sent; use the basic auth check instead',
      );
    }
    return url;
  }

  /** Resolves and checks every address of the host; returns the one to connect to. */
  private async resolve(url: URL, deadline: number) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await this.withDeadline(
          this.lookup(host).catch(error => {
            throw new SafeFetchError(
              'network',
              `${host} could not be resolved (${error.code ?? 'DNS error'})`,
            );
          }),
          deadline,
          `resolving ${host}`,
        );
    if (!addresses.length) {
      throw new SafeFetchError('network', `${host} has no address`);
    }
    const refusal = this.policy.refusalOfAny(addresses);
    if (refusal) {
      throw new SafeFetchError('refused', `${originOf(url)}: ${refusal}`);
    }
    return { host, ...addresses[0] };
  }

  private async hop(
    url: URL,
    method: SafeFetchRequest['method'],
    headers: Record<string, string>,
    request: SafeFetchRequest,
    deadline: number,
  ): Promise<SafeFetchResponse | { status: number; location: string }> {
    const target = await this.resolve(url, deadline);
    // The socket connects to the address just checked, never to a second lookup.
    const pinned = pinnedLookup(target);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolvePromise, rejectPromise) => {
      // What finish() must stop; filled in as the request is set up.
      const pending: { req?: http.ClientRequest; timers: NodeJS.Timeout[] } = {
        timers: [],
      };
      let settled = false;
      const finish = (error?: Error, value?: any) => {
        if (settled) return;
        settled = true;
        pending.timers.forEach(clearTimeout);
        pending.req?.destroy();
        if (error) rejectPromise(error);
        else resolvePromise(value);
      };
      const req = client.request({
        protocol: url.protocol,
        hostname: target.host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers: {
          ...headers,
          'user-agent': 'backstage-integrations-check',
          ...(method === 'POST'
            ? {
                'content-length': String(Buffer.byteLength(request.body ?? '')),
              }
            : {}),
        },
        lookup: pinned,
        agent: false,
        ...(url.protocol === 'https:' && !isIP(target.host)
          ? { servername: target.host }
          : {}),
      });
      pending.req = req;
      const connectTimer = setTimeout(
        () =>
          finish(
            new SafeFetchError(
              'timeout',
              `no connection within ${this.limits.connectTimeoutMs} ms`,
            ),
          ),
        Math.min(this.limits.connectTimeoutMs, deadline - Date.now()),
      );
      const totalTimer = setTimeout(
        () =>
          finish(
            new SafeFetchError(
              'timeout',
              `no complete answer within ${this.limits.totalTimeoutMs} ms`,
            ),
          ),
        Math.max(0, deadline - Date.now()),
      );
      pending.timers.push(connectTimer, totalTimer);
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          clearTimeout(connectTimer);
          if (
            socket.remoteAddress &&
            this.policy.refusal(socket.remoteAddress)
          ) {
            finish(
              new SafeFetchError(
                'refused',
                `${originOf(url)}: connected to a refused address`,
              ),
            );
          }
        });
      });
      req.on('error', error =>
        finish(
          new SafeFetchError(
            'network',
            describeNetworkError(error as NodeJS.ErrnoException),
          ),
        ),
      );
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (REDIRECTS.has(status) && location) {
          finish(undefined, { status, location });
          return;
        }
        if (!request.readBody || method === 'HEAD') {
          finish(undefined, { status, truncated: false });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          const room = this.limits.maxResponseBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            finish(undefined, {
              status,
              body: Buffer.concat(chunks),
              truncated: true,
            });
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          finish(undefined, {
            status,
            body: Buffer.concat(chunks),
            truncated: false,
          }),
        );
        res.on('error', error =>
          finish(new SafeFetchError('network', error.message)),
        );
      });
      req.end(method === 'POST' ? request.body ?? '' : undefined);
    });
  }

  private async withDeadline<T>(
    promise: Promise<T>,
    deadline: number,
    what: string,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new SafeFetchError(
              'timeout',
              `${what} took longer than ${this.limits.totalTimeoutMs} ms`,
            ),
          ),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS protocol error',
};

/** A short, header-free description of a socket or TLS error. */
function describeNetworkError(error: NodeJS.ErrnoException): string {
  if (error instanceof SafeFetchError) return error.message;
  if (error.code && NETWORK_ERRORS[error.code])
    return NETWORK_ERRORS[error.code];
  // TLS verification errors (expired, self-signed, wrong host) say what they are.
  if (error.code?.startsWith('ERR_TLS') || /certificate/i.test(error.message))
    return `TLS: ${error.message}`;
  return error.code ?? 'network error';
}
