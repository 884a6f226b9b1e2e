import { Knex } from 'knex';
import { valuesByKey } from '../crypto/valuesByKey';
import { toDate } from './toDate';

/** A data key as stored: only ever wrapped. */
export interface StoredDataKey {
  id: string;
  provider: string;
  kekId: string;
  wrapped: string;
  createdAt: Date;
}

const toDataKey = (r: Record<string, any>): StoredDataKey => ({
  id: r.id,
  provider: r.provider,
  kekId: r.kek_id,
  wrapped: r.wrapped,
  createdAt: toDate(r.created_at),
});

/** knex queries for wrapped data keys; never sees an unwrapped one. */
export class DataKeysStore {
  constructor(private readonly db: Knex) {}

  async get(id: string): Promise<StoredDataKey | undefined> {
    const row = await this.db('integration_data_keys').where({ id }).first();
    return row ? toDataKey(row) : undefined;
  }

  async insert(key: Omit<StoredDataKey, 'createdAt'>, now: Date) {
    await this.db('integration_data_keys').insert({
      id: key.id,
      provider: key.provider,
      kek_id: key.kekId,
      wrapped: key.wrapped,
      created_at: now,
    });
  }

  /** The newest data key wrapped under this KEK: new values are sealed under it. */
  async newestUnder(
    provider: string,
    kekId: string,
  ): Promise<StoredDataKey | undefined> {
    const row = await this.db('integration_data_keys')
      .where({ provider, kek_id: kekId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? toDataKey(row) : undefined;
  }

  /** Data keys wrapped under any other KEK or provider: what rotation rewraps. */
  async listNotUnder(
    provider: string,
    kekId: string,
    limit: number,
  ): Promise<StoredDataKey[]> {
    const rows = await this.db('integration_data_keys')
      .whereNot(q => q.where({ provider, kek_id: kekId }))
      .orderBy('id')
      .limit(limit);
    return rows.map(toDataKey);
  }

  /** Swaps the wrapping only if no other replica rewrapped it meanwhile. */
  async replaceWrapped(
    id: string,
    previous: string,
    next: { provider: string; kekId: string; wrapped: string },
    now: Date,
  ): Promise<boolean> {
    const updated = await this.db('integration_data_keys')
      .where({ id, wrapped: previous })
      .update({
        provider: next.provider,
        kek_id: next.kekId,
        wrapped: next.wrapped,
        rewrapped_at: now,
      });
    return updated > 0;
  }

  /** How many data keys each provider's KEK wraps, as `provider:kek`. */
  async countByKek(): Promise<Record<string, number>> {
    const rows = await this.db('integration_data_keys')
      .select('provider', 'kek_id')
      .count({ count: '*' })
      .groupBy('provider', 'kek_id');
    return valuesByKey(
      (rows as Array<Record<string, any>>).map(r => [
        `${r.provider}:${r.kek_id}`,
        Number(r.count),
      ]),
    );
  }
}
