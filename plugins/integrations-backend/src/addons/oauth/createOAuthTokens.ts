import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { AddressPolicy } from '../../core/net/addressPolicy';
import { LookupFunction, systemLookup } from '../../core/net/pinnedLookup';
import { IntegrationGate } from '../../core/permissions/IntegrationGate';
import { SafeFetch } from '../checks/safeFetch';
import { readOAuthConfig } from './config';
import { OAuthSettingsService } from './OAuthSettingsService';
import { HistoryStore } from '../../core/store/HistoryStore';
import { OAuthSettingsStore } from './OAuthSettingsStore';
import { TokenExchange } from './TokenExchange';
import { TokenFailureNotifier } from './TokenFailureNotifier';

interface OAuthTokensOptions {
  config: Config;
  typeIds: string[];
  db: Knex;
  logger: LoggerService;
  /** Absent: token endpoint failures are logged and shown, not sent. */
  notifications?: NotificationService;
  /** Tests inject a resolver; production resolves with the system's DNS. */
  lookup?: LookupFunction;
  now?: () => number;
}

/**
 * Reads `integrationsHub.oauth2` and builds the token exchange, which the
 * core is given before it is built; the settings service needs the core's
 * gate and is built after it.
 */
export function createOAuthTokens(options: OAuthTokensOptions) {
  const config = readOAuthConfig(options.config, options.typeIds);
  const store = new OAuthSettingsStore(options.db);
  const exchange = new TokenExchange({
    config,
    store,
    // The connection checks' pinned client: checked addresses, no redirects for a POST.
    fetcher: new SafeFetch(
      new AddressPolicy(config.allowedCidrs),
      {
        connectTimeoutMs: config.connectTimeoutMs,
        totalTimeoutMs: config.totalTimeoutMs,
        maxResponseBytes: config.maxResponseBytes,
        maxRedirects: 0,
      },
      options.lookup ?? systemLookup,
    ),
    logger: options.logger,
    failures: new TokenFailureNotifier(options.notifications, options.logger),
    now: options.now,
  });
  return {
    exchange,
    settings: (
      gate: Pick<IntegrationGate, 'load' | 'loadForChange'>,
      history: Pick<HistoryStore, 'appendEvents'>,
    ) => new OAuthSettingsService({ gate, store, history, config }),
  };
}
