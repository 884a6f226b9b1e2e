import { Knex } from 'knex';

/**
 * Narrows a list query on `integrations as i` to integrations whose last
 * connection check failed (unhealthy or error): `GET /integrations?health=unhealthy`.
 */
export function whereUnhealthy(db: Knex, query: Knex.QueryBuilder) {
  query.whereExists(
    db('integration_check_health as ch')
      .select(db.raw('1'))
      .whereRaw('ch.integration_id = i.id')
      .whereNot('ch.status', 'healthy'),
  );
}
