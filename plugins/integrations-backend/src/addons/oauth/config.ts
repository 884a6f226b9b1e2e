import { Config } from '@backstage/config';
import { readSection } from '../../core/config';
import { credentialKeySchema } from '@integrations-hub/backstage-plugin-integrations-common';

/** How an integration of one type gets its tokens. */
export interface OAuthTypeConfig {
  /** The integration's URL with this label (any case) is its token endpoint. */
  tokenUrlLabel: string;
  clientIdKey: string;
  clientSecretKey: string;
  /** Where resolve and the proxy find the minted token. */
  accessTokenKey: string;
  /** Sent space-separated as `scope`; none when empty. */
  scopes: string[];
  /** client_secret_basic (Authorization header) or client_secret_post (form fields). */
  clientAuth: 'basic' | 'post';
}

export interface OAuthConfig {
  /** A token is refreshed this long before it expires (at most half its lifetime). */
  refreshSkewMs: number;
  /** After a failed token request, callers get the same error this long without a new request. */
  failureHoldMs: number;
  /** Lifetime assumed when the token endpoint sends no expires_in. */
  defaultLifetimeMs: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
  /** The connection checks' exceptions to the non-public address ranges. */
  allowedCidrs: string[];
  types: Map<string, OAuthTypeConfig>;
}

const PREFIX = 'integrationsHub.oauth2';
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/; // RFC 6749 scope-token

/** Reads `integrationsHub.oauth2`; a broken entry stops the backend at start, naming the key. */
export function readOAuthConfig(
  config: Config,
  knownTypes: string[],
): OAuthConfig {
  const { number, ...read } = readSection(config, PREFIX);
  const types = new Map<string, OAuthTypeConfig>();
  for (const { typeId, key, entry } of read.types(knownTypes)) {
    types.set(typeId, readType(entry, key));
  }
  return {
    refreshSkewMs: number('refreshSkewSeconds', 60, 0, 3600) * 1000,
    failureHoldMs: number('failureHoldSeconds', 10, 0, 600) * 1000,
    defaultLifetimeMs: number('defaultExpiresInSeconds', 300, 1, 86400) * 1000,
    connectTimeoutMs: number('connectTimeoutMs', 3000, 100, 30_000),
    totalTimeoutMs: number('totalTimeoutMs', 10_000, 100, 60_000),
    maxResponseBytes: number('maxResponseKb', 64, 1, 1024) * 1024,
    allowedCidrs:
      config.getOptionalStringArray('integrationsHub.checks.allowedCidrs') ??
      [],
    types,
  };
}

function readType(entry: Config, key: string): OAuthTypeConfig {
  const credentialKey = (name: string, fallback: string) => {
    const value = entry.getOptionalString(name) ?? fallback;
    if (!credentialKeySchema.safeParse(value).success) {
      throw new Error(`${key}.${name} "${value}" is not a credential key`);
    }
    return value;
  };
  const scopes = entry.getOptionalStringArray('scopes') ?? [];
  scopes.forEach((scope, index) => {
    if (!SCOPE.test(scope)) {
      throw new Error(`${key}.scopes[${index}] is not an OAuth scope`);
    }
  });
  const clientAuth = entry.getOptionalString('clientAuth') ?? 'basic';
  if (clientAuth !== 'basic' && clientAuth !== 'post') {
    throw new Error(`${key}.clientAuth must be basic or post`);
  }
  const tokenUrlLabel = entry.getOptionalString('tokenUrlLabel') ?? 'token';
  if (!tokenUrlLabel.trim()) {
    throw new Error(`${key}.tokenUrlLabel must not be empty`);
  }
  return {
    tokenUrlLabel: tokenUrlLabel.trim(),
    clientIdKey: credentialKey('clientIdKey', 'CLIENT_ID'),
    clientSecretKey: credentialKey('clientSecretKey', 'CLIENT_SECRET'),
    accessTokenKey: credentialKey('accessTokenKey', 'ACCESS_TOKEN'),
    scopes,
    clientAuth,
  };
}
