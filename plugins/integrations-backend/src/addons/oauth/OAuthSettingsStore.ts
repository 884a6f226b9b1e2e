import { Knex } from 'knex';
import { toDate } from '../../core/store/toDate';

export interface OAuthSettingsRecord {
  clientSecretResolvable: boolean;
  updatedAt?: Date;
  updatedBy?: string;
  lastError?: { reason: string; at: Date };
}

const TABLE = 'integration_oauth_settings';

/** knex queries for the OAuth add-on's one table; knows no HTTP. */
export class OAuthSettingsStore {
  constructor(private readonly db: Knex) {}

  async get(integrationId: string): Promise<OAuthSettingsRecord> {
    const row = await this.db(TABLE)
      .where({ integration_id: integrationId })
      .first();
    if (!row) return { clientSecretResolvable: false };
    return {
      clientSecretResolvable: Boolean(row.client_secret_resolvable),
      ...(row.updated_at ? { updatedAt: toDate(row.updated_at) } : {}),
      ...(row.updated_by ? { updatedBy: row.updated_by } : {}),
      ...(row.last_error
        ? {
            lastError: {
              reason: row.last_error,
              at: toDate(row.last_error_at),
            },
          }
        : {}),
    };
  }

  /** Read on every resolve of an OAuth integration, so a change applies on every replica at once. */
  async clientSecretResolvable(integrationId: string): Promise<boolean> {
    const row = await this.db(TABLE)
      .where({ integration_id: integrationId })
      .first('client_secret_resolvable');
    return Boolean(row?.client_secret_resolvable);
  }

  async setClientSecretResolvable(
    integrationId: string,
    value: boolean,
    actor: string,
    now: Date,
  ) {
    await this.upsert(integrationId, {
      client_secret_resolvable: value,
      updated_at: now,
      updated_by: actor,
    });
  }

  /** Records a failed token request; true when the integration was not failing before. */
  async setLastError(
    integrationId: string,
    error: { reason: string; at: Date },
  ): Promise<boolean> {
    const before = await this.db(TABLE)
      .where({ integration_id: integrationId })
      .first('last_error');
    await this.upsert(integrationId, {
      last_error: error.reason.slice(0, 300),
      last_error_at: error.at,
    });
    return !before?.last_error;
  }

  /** Forgets the last failure once a token was minted; true when there was one. */
  async clearLastError(integrationId: string): Promise<boolean> {
    const cleared = await this.db(TABLE)
      .where({ integration_id: integrationId })
      .whereNotNull('last_error')
      .update({ last_error: null, last_error_at: null });
    return cleared > 0;
  }

  private async upsert(integrationId: string, fields: Record<string, unknown>) {
    // The integration may have been deleted meanwhile: write nothing then.
    const exists = await this.db('integrations')
      .where({ id: integrationId })
      .first('id');
    if (!exists) return;
    await this.db(TABLE)
      .insert({ integration_id: integrationId, ...fields })
      .onConflict('integration_id')
      .merge(Object.keys(fields));
  }
}
