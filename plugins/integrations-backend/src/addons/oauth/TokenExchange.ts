import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CredentialExchange,
  CredentialExchangeError,
  ExchangedCredentials,
} from '../../core/credentials/CredentialExchange';
import { hasKey, valuesByKey } from '../../core/crypto/valuesByKey';
import {
  ChangeListener,
  CommittedChange,
} from '../../core/integrations/changes';
import { IntegrationRecord } from '../../core/store/types';
import { OAuthConfig, OAuthTypeConfig } from './config';
import { OAuthSettingsStore } from './OAuthSettingsStore';
import { TokenCache } from './TokenCache';
import {
  requestToken,
  TokenEndpointError,
  TokenFetch,
  TokenRequest,
} from './tokenRequest';

/** Told when an integration's token endpoint starts failing and when it mints again. */
export interface TokenFailureListener {
  failing(integration: IntegrationRecord, reason: string): Promise<void>;
  recovered(integration: IntegrationRecord): Promise<void>;
}

interface TokenExchangeOptions {
  config: OAuthConfig;
  store: OAuthSettingsStore;
  fetcher: TokenFetch;
  logger: LoggerService;
  failures?: TokenFailureListener;
  now?: () => number;
}

/** The URL labelled as the type's token endpoint (labels compared in any case). */
export function tokenUrlOf(
  record: Pick<IntegrationRecord, 'urls'>,
  type: OAuthTypeConfig,
): string | undefined {
  const label = type.tokenUrlLabel.toLowerCase();
  return record.urls.find(u => u.label?.trim().toLowerCase() === label)?.url;
}

/**
 * Trades an OAuth integration's client id and secret for an access token
 * (client credentials grant): resolve and the proxy get the token under the
 * type's access token key, and the client secret only when its owner allowed
 * it. Integrations of other types pass through unchanged.
 */
export class TokenExchange implements CredentialExchange, ChangeListener {
  private readonly cache: TokenCache;

  constructor(private readonly options: TokenExchangeOptions) {
    const { config } = options;
    this.cache = new TokenCache({
      refreshSkewMs: config.refreshSkewMs,
      failureHoldMs: config.failureHoldMs,
      defaultLifetimeMs: config.defaultLifetimeMs,
      now: options.now,
    });
  }

  async exchange(
    record: IntegrationRecord,
    credentials: Record<string, string>,
  ): Promise<ExchangedCredentials> {
    const type = this.options.config.types.get(record.type);
    if (!type) return { credentials };
    const request = this.tokenRequest(record, type, credentials);
    const scope = type.scopes.join(' ');
    // Another client secret or token URL (a rotation, an edit) is another token.
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          request.tokenUrl,
          request.clientId,
          request.clientSecret,
          request.clientAuth,
        ]),
      )
      .digest('base64');
    let token;
    try {
      token = await this.cache.get(record.id, scope, fingerprint, () =>
        this.mint(record, request),
      );
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      throw exchangeError(record, type, error.reason);
    }
    const secretResolvable = await this.options.store.clientSecretResolvable(
      record.id,
    );
    const values = valuesByKey(
      Object.entries(credentials).filter(
        ([key]) => secretResolvable || key !== type.clientSecretKey,
      ),
    );
    Object.assign(values, valuesByKey([[type.accessTokenKey, token.value]]));
    return {
      credentials: values,
      accessToken: {
        key: type.accessTokenKey,
        tokenType: token.tokenType,
        expiresAt: new Date(token.expiresAt).toISOString(),
        ...(token.scope === undefined ? {} : { scope: token.scope }),
      },
    };
  }

  /** Any committed change may have replaced the client secret or the token URL. */
  async committed(change: CommittedChange): Promise<void> {
    this.cache.drop(change.integrationId);
  }

  private tokenRequest(
    record: IntegrationRecord,
    type: OAuthTypeConfig,
    credentials: Record<string, string>,
  ): TokenRequest {
    const tokenUrl = tokenUrlOf(record, type);
    if (!tokenUrl) {
      throw exchangeError(
        record,
        type,
        `no URL labelled "${type.tokenUrlLabel}" to request OAuth tokens from`,
      );
    }
    for (const key of [type.clientIdKey, type.clientSecretKey]) {
      if (!hasKey(credentials, key) || !credentials[key]) {
        throw exchangeError(
          record,
          type,
          `no credential ${key}, which an OAuth token request needs`,
        );
      }
    }
    return {
      tokenUrl,
      clientId: credentials[type.clientIdKey],
      clientSecret: credentials[type.clientSecretKey],
      scopes: type.scopes,
      clientAuth: type.clientAuth,
    };
  }

  /** One token request; its failure is recorded and told once, never thrown from the recording. */
  private async mint(record: IntegrationRecord, request: TokenRequest) {
    const { store, logger, failures } = this.options;
    try {
      const minted = await requestToken(this.options.fetcher, request);
      const cleared = await store.clearLastError(record.id).catch(() => false);
      if (cleared) await failures?.recovered(record).catch(() => undefined);
      return minted;
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      logger.warn(`Integration ${record.id}: ${error.reason}`);
      const first = await store
        .setLastError(record.id, { reason: error.reason, at: new Date() })
        .catch(() => false);
      if (first) {
        await failures?.failing(record, error.reason).catch(() => undefined);
      }
      throw error;
    }
  }
}

function exchangeError(
  record: IntegrationRecord,
  type: OAuthTypeConfig,
  reason: string,
) {
  return new CredentialExchangeError(`Integration ${record.id}: ${reason}`, {
    key: type.accessTokenKey,
    reason,
  });
}
