import { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { ProxyPlan } from './plan';

/** The header a caller names its project with; never passed on. */
export const PROJECT_HEADER = 'x-integrations-project';

/** Caller headers passed on unless a type adds more: what an API call needs, nothing about the caller. */
const REQUEST_ALLOWED = new Set([
  'accept',
  'accept-language',
  'content-type',
  'content-language',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'idempotency-key',
  'range',
  'x-request-id',
]);

/**
 * Never passed on, even when a type lists them: the Backstage identity,
 * cookies, where the request goes, hop-by-hop and forwarding headers.
 */
const REQUEST_FORBIDDEN = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'forwarded',
  'content-length',
  'accept-encoding',
  PROJECT_HEADER,
]);

const forbidden = (name: string) =>
  REQUEST_FORBIDDEN.has(name) || name.startsWith('x-forwarded-');

/**
 * The headers sent upstream: allowed caller headers, then the injected
 * ones, which overwrite a caller header of the same name whatever its case.
 */
export function upstreamRequestHeaders(
  caller: IncomingHttpHeaders,
  injected: Record<string, string>,
  extraAllowed: string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(caller)) {
    const name = rawName.toLowerCase();
    if (value === undefined || forbidden(name)) continue;
    if (!REQUEST_ALLOWED.has(name) && !extraAllowed.includes(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  for (const [name, value] of Object.entries(injected)) {
    out[name.toLowerCase()] = value;
  }
  // Bodies come back as sent so echoed values can be found and replaced.
  out['accept-encoding'] = 'identity';
  out['user-agent'] = 'backstage-integrations-proxy';
  return out;
}

/** Upstream headers the caller gets; everything else (Set-Cookie, auth challenges, CORS) stays out. */
const RESPONSE_ALLOWED = new Set([
  'content-type',
  'content-language',
  'content-disposition',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
  'retry-after',
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
]);

/**
 * The response headers: the allowlist, `Location` rewritten into proxy
 * space when it points below the base (dropped otherwise), and headers that
 * keep the body out of caches and unable to run as a page of the Backstage
 * origin.
 */
export function callerResponseHeaders(
  upstream: IncomingHttpHeaders,
  location: string | undefined,
  secrets: string[] = [],
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const echoes = (value: string) => secrets.some(s => value.includes(s));
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || !RESPONSE_ALLOWED.has(name)) continue;
    // A header that echoes an injected value is dropped whole.
    if ([value].flat().some(echoes)) continue;
    out[name] = value;
  }
  if (location) out.location = location;
  out['cache-control'] = 'no-store';
  out['x-content-type-options'] = 'nosniff';
  out['content-security-policy'] = "sandbox; default-src 'none'";
  return out;
}

/**
 * `Location` in proxy space when it points below the base (a relative
 * redirect within the API); undefined, so dropped, when it leaves it.
 */
export function proxyLocation(
  location: string | undefined,
  plan: ProxyPlan,
  proxyBase: string,
): string | undefined {
  if (!location) return undefined;
  let target: URL;
  try {
    target = new URL(location, plan.url);
  } catch {
    return undefined;
  }
  const basePath = plan.base.pathname.replace(/\/+$/, '');
  if (
    target.origin !== plan.base.origin ||
    !`${target.pathname}/`.startsWith(`${basePath}/`)
  ) {
    return undefined;
  }
  const rest = target.pathname.slice(basePath.length).replace(/^\/+/, '');
  const query = new URLSearchParams(target.search);
  // A query credential must not travel back in a link.
  if (plan.settings.auth.type === 'query')
    query.delete(plan.settings.auth.name);
  const search = query.toString();
  return `${proxyBase}/${rest}${search ? `?${search}` : ''}`;
}
