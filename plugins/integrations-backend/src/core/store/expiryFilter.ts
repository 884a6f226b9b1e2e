import { Knex } from 'knex';

/** Which credential expiries a list keeps, as instants computed once per request. */
export interface ExpiryFilter {
  /** At least one credential expiring after `now` and at or before `within`. */
  expiresBetween?: { now: Date; within: Date };
  /** At least one credential whose expiresAt is at or before this instant. */
  expiredAt?: Date;
}

/**
 * Narrows a list query on `integrations as i` by its credentials' expiry:
 * `GET /integrations?expiresWithinDays=N` and `?expired=true`. Both together
 * keep integrations with one credential of each kind. Each is one EXISTS that
 * seeks integration_credentials by integration (its primary key) and, from the
 * other side, the expires_at index.
 */
export function whereExpiry(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: ExpiryFilter,
) {
  const credentials = () =>
    db('integration_credentials as ce')
      .select(db.raw('1'))
      .whereRaw('ce.integration_id = i.id');
  if (filter.expiresBetween) {
    const { now, within } = filter.expiresBetween;
    query.whereExists(
      credentials()
        .where('ce.expires_at', '>', now)
        .where('ce.expires_at', '<=', within),
    );
  }
  if (filter.expiredAt) {
    query.whereExists(
      credentials().where('ce.expires_at', '<=', filter.expiredAt),
    );
  }
}

/** The filter for `expiresWithinDays` / `expired` as of `now`; undefined when neither is asked. */
export function expiryFilterOf(
  query: { expiresWithinDays?: number; expired?: boolean },
  now: Date,
): ExpiryFilter | undefined {
  if (!query.expiresWithinDays && !query.expired) return undefined;
  return {
    expiresBetween: query.expiresWithinDays
      ? {
          now,
          within: new Date(
            now.getTime() + query.expiresWithinDays * 24 * 60 * 60 * 1000,
          ),
        }
      : undefined,
    expiredAt: query.expired ? now : undefined,
  };
}
