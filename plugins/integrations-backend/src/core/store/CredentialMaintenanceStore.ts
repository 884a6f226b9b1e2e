import { Knex } from 'knex';
import { valuesByKey } from '../crypto/valuesByKey';
import { toDate } from './toDate';

type Row = Record<string, any>;

/**
 * knex queries for the upkeep of stored credentials: which encryption key
 * seals how many, moving values to data keys, and their ages for
 * the rotation report and owner notices. Never decrypts.
 */
export class CredentialMaintenanceStore {
  constructor(private readonly db: Knex) {}

  /** How many credentials each encryption key protects. */
  async countCredentialsByKey(): Promise<Record<string, number>> {
    const rows = await this.db('integration_credentials')
      .select('key_id')
      .count({ count: '*' })
      .groupBy('key_id');
    return valuesByKey(
      (rows as Row[]).map(r => [r.key_id as string, Number(r.count)]),
    );
  }

  /** Credentials sealed under these key ids (the keyring's: not yet under a data key). */
  async listCredentialsUnder(keyIds: string[], limit: number) {
    const rows = await this.db('integration_credentials')
      .whereIn('key_id', keyIds)
      .select('integration_id', 'key', 'ciphertext')
      .limit(limit);
    return rows.map(r => ({
      integrationId: r.integration_id as string,
      key: r.key as string,
      ciphertext: r.ciphertext as string,
    }));
  }

  /** Swaps a ciphertext only if nobody rotated it meanwhile. */
  async replaceCiphertext(
    integrationId: string,
    key: string,
    previous: string,
    next: { ciphertext: string; keyId: string },
  ): Promise<boolean> {
    const updated = await this.db('integration_credentials')
      .where({ integration_id: integrationId, key, ciphertext: previous })
      .update({ ciphertext: next.ciphertext, key_id: next.keyId });
    return updated > 0;
  }

  /** Every credential with its integration's type, for the rotation check. */
  async listCredentialAges() {
    return (
      await this.db('integration_credentials as c')
        .join('integrations as i', 'i.id', 'c.integration_id')
        .select(
          'c.integration_id',
          'c.key',
          'c.rotated_at',
          'c.expires_at',
          'i.type',
          'i.name',
        )
    ).map(r => ({
      integrationId: r.integration_id as string,
      name: r.name as string,
      type: r.type as string,
      key: r.key as string,
      rotatedAt: toDate(r.rotated_at),
      expiresAt: r.expires_at ? toDate(r.expires_at) : undefined,
    }));
  }
}
