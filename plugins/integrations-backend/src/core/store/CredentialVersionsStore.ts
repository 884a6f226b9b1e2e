import { Knex } from 'knex';
import { EventRecord } from './types';
import { toDate } from './toDate';
import { valuesByKey } from '../crypto/valuesByKey';
import { insertEvents } from './HistoryStore';

type Row = Record<string, any>;

/** A value that was current before; its value only as ciphertext. */
export interface CredentialVersionRecord {
  id: string;
  integrationId: string;
  key: string;
  version: number;
  ciphertext: string;
  keyId: string;
  createdAt: Date;
  createdBy?: string;
  supersededAt: Date;
}

const toVersion = (r: Row): CredentialVersionRecord => ({
  id: String(r.id),
  integrationId: r.integration_id,
  key: r.key,
  version: Number(r.version),
  ciphertext: r.ciphertext,
  keyId: r.key_id,
  createdAt: toDate(r.created_at),
  createdBy: r.created_by ?? undefined,
  supersededAt: toDate(r.superseded_at),
});

/** knex queries for previous credential values; never decrypts. */
export class CredentialVersionsStore {
  constructor(
    private readonly db: Knex,
    /** How many previous values to keep per credential. */
    private readonly versionsKept = 3,
  ) {}

  /**
   * Copies the current value of a credential into its versions, then prunes to
   * `versionsKept`. Runs inside the caller's transaction, before the value is replaced.
   */
  async archiveCurrent(
    tx: Knex,
    integrationId: string,
    key: string,
    now: Date,
  ) {
    const current = await tx('integration_credentials')
      .where({ integration_id: integrationId, key })
      .first();
    if (!current) return;
    await tx('integration_credential_versions').insert({
      integration_id: integrationId,
      key,
      version: current.version,
      ciphertext: current.ciphertext,
      key_id: current.key_id,
      created_at: current.rotated_at,
      created_by: current.rotated_by ?? null,
      superseded_at: now,
    });
    const kept = await tx('integration_credential_versions')
      .where({ integration_id: integrationId, key })
      .orderBy('version', 'desc')
      .limit(this.versionsKept)
      .select('id');
    await tx('integration_credential_versions')
      .where({ integration_id: integrationId, key })
      .whereNotIn(
        'id',
        kept.map(k => k.id),
      )
      .delete();
  }

  /** Forgets the versions of a removed credential, or of every credential of an integration. */
  async deleteVersions(tx: Knex, integrationId: string, key?: string) {
    await tx('integration_credential_versions')
      .where({ integration_id: integrationId, ...(key ? { key } : {}) })
      .delete();
    await tx('integration_credential_notices')
      .where({ integration_id: integrationId, ...(key ? { key } : {}) })
      .delete();
  }

  async listVersions(
    integrationId: string,
  ): Promise<CredentialVersionRecord[]> {
    const rows = await this.db('integration_credential_versions')
      .where({ integration_id: integrationId })
      .orderBy([
        { column: 'key', order: 'asc' },
        { column: 'version', order: 'desc' },
      ]);
    return rows.map(toVersion);
  }

  async getVersion(
    integrationId: string,
    key: string,
    version: number,
  ): Promise<CredentialVersionRecord | undefined> {
    const row = await this.db('integration_credential_versions')
      .where({ integration_id: integrationId, key, version })
      .first();
    return row ? toVersion(row) : undefined;
  }

  /** The newest previous value of each credential of these integrations. */
  async listPrevious(
    integrationIds: string[],
  ): Promise<CredentialVersionRecord[]> {
    if (!integrationIds.length) return [];
    const rows = await this.db('integration_credential_versions').whereIn(
      'integration_id',
      integrationIds,
    );
    const newest = new Map<string, Row>();
    for (const row of rows) {
      const id = `${row.integration_id}\u0000${row.key}`;
      const seen = newest.get(id);
      if (!seen || Number(seen.version) < Number(row.version))
        newest.set(id, row);
    }
    return [...newest.values()].map(toVersion);
  }

  /**
   * Makes `next` the current value if the credential is still at
   * `expectedVersion`, keeping the replaced value as a version. Returns the new
   * version number, or undefined when someone rotated it meanwhile.
   */
  async rollback(options: {
    integrationId: string;
    key: string;
    expectedVersion: number;
    next: { ciphertext: string; keyId: string };
    actor: string;
    now: Date;
    event: EventRecord;
  }): Promise<number | undefined> {
    const { integrationId, key, expectedVersion, next, actor, now } = options;
    const stale = Symbol('stale');
    return this.db
      .transaction(async tx => {
        await this.archiveCurrent(tx, integrationId, key, now);
        const updated = await tx('integration_credentials')
          .where({
            integration_id: integrationId,
            key,
            version: expectedVersion,
          })
          .update({
            ciphertext: next.ciphertext,
            key_id: next.keyId,
            rotated_at: now,
            rotated_by: actor,
            version: expectedVersion + 1,
          });
        // Throwing undoes the archive row written above.
        if (updated === 0) throw stale;
        await insertEvents(tx, [options.event], now);
        return expectedVersion + 1;
      })
      .catch(error => {
        if (error === stale) return undefined;
        throw error;
      });
  }

  /** Kept values sealed under these key ids (the keyring's: not yet under a data key). */
  async listUnder(keyIds: string[], limit: number) {
    const rows = await this.db('integration_credential_versions')
      .whereIn('key_id', keyIds)
      .limit(limit);
    return rows.map(toVersion);
  }

  /** Swaps a version's ciphertext only if it is unchanged (re-encryption). */
  async replaceCiphertext(
    id: string,
    previous: string,
    next: { ciphertext: string; keyId: string },
  ): Promise<boolean> {
    const updated = await this.db('integration_credential_versions')
      .where({ id, ciphertext: previous })
      .update({ ciphertext: next.ciphertext, key_id: next.keyId });
    return updated > 0;
  }

  async countByKey(): Promise<Record<string, number>> {
    const rows = await this.db('integration_credential_versions')
      .select('key_id')
      .count({ count: '*' })
      .groupBy('key_id');
    return valuesByKey(
      (rows as Row[]).map(r => [r.key_id as string, Number(r.count)]),
    );
  }
}
