import { Knex } from 'knex';

/** Where "unused for N days" starts: no use on or after `sinceDay`, and older than that. */
export interface UnusedCutoff {
  /** YYYY-MM-DD (UTC), the day rows of integration_usage are kept by. */
  sinceDay: string;
  /** An integration younger than N days is not called unused. */
  createdBefore: Date;
}

/**
 * Narrows a list query on `integrations as i` to integrations nobody resolved
 * since the cutoff: `GET /integrations?unused=true`. One index seek per
 * candidate (integration_usage_recent_idx), never a scan of usage history.
 */
export function whereUnused(
  db: Knex,
  query: Knex.QueryBuilder,
  cutoff: UnusedCutoff,
) {
  query.where('i.created_at', '<=', cutoff.createdBefore);
  query.whereNotExists(
    db('integration_usage as u')
      .select(db.raw('1'))
      .whereRaw('u.integration_id = i.id')
      .where('u.day', '>=', cutoff.sinceDay),
  );
}
