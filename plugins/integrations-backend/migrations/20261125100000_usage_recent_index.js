// @ts-check

/**
 * "Unused for N days": the list filter asks, per integration, whether a usage
 * row exists from a cutoff day on, and list items show the last use. Both
 * seek this index (integration, then day) instead of reading every day row;
 * last_used_at makes the last-use lookup index-only on PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('integration_usage', table => {
    table.index(
      ['integration_id', 'day', 'last_used_at'],
      'integration_usage_recent_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('integration_usage', table => {
    table.dropIndex(
      ['integration_id', 'day', 'last_used_at'],
      'integration_usage_recent_idx',
    );
  });
};
