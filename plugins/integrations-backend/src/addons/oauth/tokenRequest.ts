/** What the token request needs of the SSRF-safe fetch (checks' SafeFetch fits). */
export interface TokenFetch {
  fetch(request: {
    url: string;
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    readBody: boolean;
  }): Promise<{ status: number; body?: Buffer; truncated: boolean }>;
}

export interface TokenRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  clientAuth: 'basic' | 'post';
}

export interface MintedToken {
  accessToken: string;
  tokenType: string;
  /** Seconds, as the endpoint sent it; absent when it sent none. */
  expiresIn?: number;
  scope?: string;
}

/**
 * A token endpoint that did not hand out a token. The reason names the
 * endpoint's host and what went wrong; never the secret or the answer's body.
 */
export class TokenEndpointError extends Error {
  name = 'TokenEndpointError';
  constructor(
    readonly reason: string,
    readonly httpStatus?: number,
    readonly unreachable = false,
  ) {
    super(reason);
  }
}

/** application/x-www-form-urlencoded, as RFC 6749 asks for the client id and secret too. */
const form = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
/** RFC 6749 error codes are plain ASCII words; anything else is not shown. */
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** One client_credentials grant against the integration's token endpoint. */
export async function requestToken(
  fetcher: TokenFetch,
  request: TokenRequest,
): Promise<MintedToken> {
  const host = hostOf(request.tokenUrl);
  const fields: Array<[string, string]> = [
    ['grant_type', 'client_credentials'],
  ];
  if (request.scopes.length) fields.push(['scope', request.scopes.join(' ')]);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (request.clientAuth === 'basic') {
    const pair = `${form(request.clientId)}:${form(request.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    fields.push(
      ['client_id', request.clientId],
      ['client_secret', request.clientSecret],
    );
  }
  let response;
  try {
    response = await fetcher.fetch({
      url: request.tokenUrl,
      method: 'POST',
      headers,
      body: fields.map(([k, v]) => `${form(k)}=${form(v)}`).join('&'),
      readBody: true,
    });
  } catch (error) {
    const message = (error as Error).message ?? 'request failed';
    const why = /redirect/.test(message)
      ? 'answered with a redirect, which is not followed'
      : message;
    throw new TokenEndpointError(
      `OAuth token endpoint ${host}: ${why}`,
      undefined,
      true,
    );
  }
  const json = parseJson(response.body);
  if (response.status < 200 || response.status > 299) {
    const code =
      typeof json?.error === 'string' && ERROR_CODE.test(json.error)
        ? ` (${json.error})`
        : '';
    throw new TokenEndpointError(
      `OAuth token endpoint ${host} answered ${response.status}${code}`,
      response.status,
    );
  }
  if (response.truncated) {
    throw new TokenEndpointError(
      `OAuth token endpoint ${host} answered with more than the size limit allows`,
      response.status,
    );
  }
  if (typeof json?.access_token !== 'string' || !json.access_token) {
    throw new TokenEndpointError(
      `OAuth token endpoint ${host} answered ${response.status} without a JSON access_token`,
      response.status,
    );
  }
  const expiresIn = Number(json.expires_in);
  return {
    accessToken: json.access_token,
    tokenType:
      typeof json.token_type === 'string' && ERROR_CODE.test(json.token_type)
        ? json.token_type
        : 'Bearer',
    ...(json.expires_in !== undefined && Number.isFinite(expiresIn)
      ? { expiresIn }
      : {}),
    ...(typeof json.scope === 'string' ? { scope: json.scope } : {}),
  };
}

function parseJson(body: Buffer | undefined): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body?.toString('utf8') ?? '');
    return value && typeof value === 'object' && !Array.isArray(value)
      ? value
      : null;
  } catch {
    return null;
  }
}

/** Only the host: paths and queries of a token URL may hold tenant ids or keys. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'with an invalid URL';
  }
}
