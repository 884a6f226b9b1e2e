import { Knex } from 'knex';

/** What owners were last told about a credential (due or expired). */
interface CredentialNotice {
  integrationId: string;
  key: string;
  state: string;
}

/** knex queries for what owners were last told, so each state change is sent once. */
export class NoticesStore {
  constructor(private readonly db: Knex) {}

  async listNotices(): Promise<CredentialNotice[]> {
    return (await this.db('integration_credential_notices')).map(r => ({
      integrationId: r.integration_id,
      key: r.key,
      state: r.state,
    }));
  }

  async setNotice(notice: CredentialNotice, now: Date) {
    await this.db('integration_credential_notices')
      .insert({
        integration_id: notice.integrationId,
        key: notice.key,
        state: notice.state,
        notified_at: now,
      })
      .onConflict(['integration_id', 'key'])
      .merge(['state', 'notified_at']);
  }

  async clearNotice(integrationId: string, key: string) {
    await this.db('integration_credential_notices')
      .where({ integration_id: integrationId, key })
      .delete();
  }
}
