import http, { ClientRequest } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { AddressPolicy } from '../../core/net/addressPolicy';
import { LookupFunction, pinnedLookup } from '../../core/net/pinnedLookup';

/** Why an upstream call did not give a response; the router maps it to 502/504. */
export class UpstreamError extends Error {
  readonly name = 'UpstreamError';
  constructor(
    readonly kind: 'refused' | 'network' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** The one address to connect to, once every address of the host passed the policy. */
export async function checkedAddress(
  url: URL,
  lookup: LookupFunction,
  policy: AddressPolicy,
): Promise<{ host: string; address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host).catch(error => {
        throw new UpstreamError(
          'network',
          `${host} could not be resolved (${error.code ?? 'DNS error'})`,
        );
      });
  if (!addresses.length)
    throw new UpstreamError('network', `${host} has no address`);
  const refusal = policy.refusalOfAny(addresses);
  if (refusal) throw new UpstreamError('refused', `${url.origin}: ${refusal}`);
  return { host, ...addresses[0] };
}

/**
 * Opens the upstream request on a socket pinned to the checked address,
 * with a connect timeout; the caller writes the body and waits for
 * `response`.
 */
export function openUpstream(options: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  target: { host: string; address: string; family: number };
  connectTimeoutMs: number;
  /** CAs trusted besides Node's own. */
  ca?: string[];
  /** Keeps sockets to this one checked address open between calls. */
  agent: http.Agent;
  /** Fired once, with why the request was abandoned. */
  onError: (error: UpstreamError) => void;
}): ClientRequest {
  const { url, target } = options;
  const client = url.protocol === 'https:' ? https : http;
  const req = client.request({
    protocol: url.protocol,
    hostname: target.host,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: options.method,
    headers: options.headers,
    lookup: pinnedLookup(target),
    agent: options.agent,
    ...(options.ca?.length ? { ca: [...rootCertificates, ...options.ca] } : {}),
    ...(url.protocol === 'https:' && !isIP(target.host)
      ? { servername: target.host }
      : {}),
  });
  const connectTimer = setTimeout(() => {
    options.onError(
      new UpstreamError(
        'timeout',
        `no connection within ${options.connectTimeoutMs} ms`,
      ),
    );
  }, options.connectTimeoutMs);
  req.on('socket', socket => {
    // A pooled socket is already connected: listening for its connect would leak.
    if (!socket.connecting) {
      clearTimeout(connectTimer);
      return;
    }
    const connected = url.protocol === 'https:' ? 'secureConnect' : 'connect';
    socket.once(connected, () => clearTimeout(connectTimer));
  });
  req.on('close', () => clearTimeout(connectTimer));
  req.on('error', error => {
    clearTimeout(connectTimer);
    options.onError(
      new UpstreamError(
        'network',
        (error as NodeJS.ErrnoException).code ?? 'connection failed',
      ),
    );
  });
  return req;
}

/**
 * Keep-alive agents, one per checked address, port and TLS name: a pooled
 * socket is only ever reused for the address it was opened to, which was
 * checked; a name that now resolves elsewhere gets another agent.
 */
export class PinnedAgents {
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly max = 500) {}

  for(url: URL, target: { host: string; address: string }): http.Agent {
    const key = `${url.protocol}//${target.address}:${url.port}/${target.host}`;
    let agent = this.agents.get(key);
    if (!agent) {
      // Bounded: past the limit the oldest agents close their idle sockets.
      if (this.agents.size >= this.max) {
        const [oldestKey, oldest] = this.agents.entries().next().value!;
        oldest.destroy();
        this.agents.delete(oldestKey);
      }
      const options = { keepAlive: true, maxFreeSockets: 16, timeout: 60_000 };
      agent =
        url.protocol === 'https:'
          ? new https.Agent(options)
          : new http.Agent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }

  close() {
    this.agents.forEach(agent => agent.destroy());
    this.agents.clear();
  }
}
