import { Knex } from 'knex';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { IntegrationFilter } from './types';

/** Turns a CONDITIONAL decision's criteria into WHERE clauses. */
export function applyFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<IntegrationFilter>,
) {
  const apply = (
    qb: Knex.QueryBuilder,
    c: PermissionCriteria<IntegrationFilter>,
  ): void => {
    if (isAndCriteria(c)) {
      qb.where(inner =>
        c.allOf.forEach(sub => inner.andWhere(q => apply(q, sub))),
      );
    } else if (isOrCriteria(c)) {
      qb.where(inner =>
        c.anyOf.forEach(sub => inner.orWhere(q => apply(q, sub))),
      );
    } else if (isNotCriteria(c)) {
      qb.whereNot(inner => apply(inner, c.not));
    } else if (c.property === 'owner') {
      // whereIn with no values matches nothing, as the rule means.
      qb.whereIn('i.owner', c.values);
    } else {
      qb.whereExists(
        db('integration_projects as pf')
          .select(db.raw('1'))
          .whereRaw('pf.integration_id = i.id')
          .whereIn('pf.entity_ref', c.values),
      );
    }
  };
  apply(query, criteria);
}
