import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  integrationUpdatePermission,
  OAuthSettings,
  OAuthSettingsUpdate,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { actorOf } from '../../core/integrations/actor';
import { IntegrationGate } from '../../core/permissions/IntegrationGate';
import { HistoryStore } from '../../core/store/HistoryStore';
import { IntegrationRecord } from '../../core/store/types';
import { OAuthConfig } from './config';
import { OAuthSettingsRecord, OAuthSettingsStore } from './OAuthSettingsStore';
import { hostOf } from './tokenRequest';
import { tokenUrlOf } from './TokenExchange';

/** An integration's OAuth2 settings: shown to readers, changed by those who may update it. */
export class OAuthSettingsService {
  constructor(
    private readonly options: {
      gate: Pick<IntegrationGate, 'load' | 'loadForChange'>;
      store: OAuthSettingsStore;
      /** Where a change of the client-secret switch is written, beside the audit event. */
      history: Pick<HistoryStore, 'appendEvents'>;
      config: OAuthConfig;
      clock?: () => Date;
    },
  ) {}

  async getOAuthSettings(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<OAuthSettings> {
    const record = await this.options.gate.load(id, credentials);
    return this.present(record, await this.options.store.get(id));
  }

  async updateOAuthSettings(
    id: string,
    update: OAuthSettingsUpdate,
    credentials: BackstageCredentials,
  ): Promise<OAuthSettings> {
    const { gate, store, config } = this.options;
    const { record } = await gate.loadForChange(
      id,
      credentials,
      integrationUpdatePermission,
    );
    const type = config.types.get(record.type);
    if (!type) {
      throw new InputError(
        `clientSecretResolvable: integration ${id} is of type "${record.type}", which mints no OAuth2 tokens (integrationsHub.oauth2.types)`,
      );
    }
    const actor = actorOf(credentials);
    const now = this.options.clock?.() ?? new Date();
    const before = await store.clientSecretResolvable(id);
    await store.setClientSecretResolvable(
      id,
      update.clientSecretResolvable,
      actor,
      now,
    );
    if (before !== update.clientSecretResolvable) {
      await this.options.history.appendEvents(
        [
          {
            integrationId: id,
            actor,
            action: update.clientSecretResolvable
              ? 'oauth2.client-secret-resolvable'
              : 'oauth2.client-secret-withheld',
            detail: { key: type.clientSecretKey },
          },
        ],
        now,
      );
    }
    return this.present(record, await store.get(id));
  }

  private present(
    record: IntegrationRecord,
    settings: OAuthSettingsRecord,
  ): OAuthSettings {
    const type = this.options.config.types.get(record.type);
    const audit = {
      ...(settings.updatedAt
        ? { updatedAt: settings.updatedAt.toISOString() }
        : {}),
      ...(settings.updatedBy ? { updatedBy: settings.updatedBy } : {}),
    };
    if (!type) {
      return { enabled: false, clientSecretResolvable: false, ...audit };
    }
    const tokenUrl = tokenUrlOf(record, type);
    return {
      enabled: true,
      tokenUrlLabel: type.tokenUrlLabel,
      ...(tokenUrl ? { tokenHost: hostOf(tokenUrl) } : {}),
      clientIdKey: type.clientIdKey,
      clientSecretKey: type.clientSecretKey,
      accessTokenKey: type.accessTokenKey,
      scopes: type.scopes,
      clientAuth: type.clientAuth,
      clientSecretResolvable: settings.clientSecretResolvable,
      ...audit,
      ...(settings.lastError
        ? {
            lastTokenError: {
              reason: settings.lastError.reason,
              at: settings.lastError.at.toISOString(),
            },
          }
        : {}),
    };
  }
}
