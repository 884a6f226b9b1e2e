import { CustomErrorBase } from '@backstage/errors';
import { AccessToken } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationRecord } from '../store/types';

/** An integration's values after the exchange, as resolve and the proxy use them. */
export interface ExchangedCredentials {
  credentials: Record<string, string>;
  /** Set when a value was minted for this answer (where it is and when it expires). */
  accessToken?: AccessToken;
}

/**
 * Consulted by resolve (and everything that reads values the way resolve does)
 * after an integration's values are opened and before they are answered, e.g.
 * to trade a client secret for an access token. The core defines it; an add-on
 * (OAuth) implements it, so the core never imports an add-on.
 */
export interface CredentialExchange {
  exchange(
    record: IntegrationRecord,
    credentials: Record<string, string>,
  ): Promise<ExchangedCredentials>;
}

/** The exchange could not produce values for this integration; never carries a value. */
export class CredentialExchangeError extends CustomErrorBase {
  name = 'CredentialExchangeError';
  // Another service's failure, not the caller's: retry later.
  statusCode = 503;
  /** The credential the exchange needed. */
  readonly key: string;
  /** What failed, without the integration (for resolve's `failed` list). */
  readonly reason: string;

  constructor(message: string, failed: { key: string; reason: string }) {
    super(message);
    this.key = failed.key;
    this.reason = failed.reason;
  }
}
