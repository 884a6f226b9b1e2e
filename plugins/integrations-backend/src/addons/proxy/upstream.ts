import http, { ClientRequest, IncomingMessage } from 'node:http';
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

/**
 * The one address to connect to: every address of the host is checked, and
 * one refused address refuses the host (a rebinding name may list both).
 */
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
  for (const { address } of addresses) {
    const refusal = policy.refusal(address);
    if (refusal)
      throw new UpstreamError('refused', `${url.origin}: ${refusal}`);
  }
  return { host, ...addresses[0] };
}

/**
 * Opens the upstream request on a socket pinned to the checked address,
 * with a connect timeout; the caller writes the body and waits for
 * `response`. No agent: no pooled socket outlives its check.
 */
export function openUpstream(options: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  target: { host: string; address: string; family: number };
  connectTimeoutMs: number;
  /** CAs trusted besides Node's own. */
  ca?: string[];
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
    agent: false,
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
    if (!socket.connecting) clearTimeout(connectTimer);
    socket.once('connect', () => clearTimeout(connectTimer));
    socket.once('secureConnect', () => clearTimeout(connectTimer));
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

export type UpstreamResponse = IncomingMessage;
