// @ts-check

/**
 * "Expiring within N days" and "expired" lists ask whether an integration has
 * a credential with expires_at in a range. The primary key (integration_id,
 * key) finds an integration's credentials; this index answers from the expiry
 * side when few credentials fall in the range (most have none or a far one).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('integration_credentials', table => {
    table.index(
      ['expires_at', 'integration_id'],
      'integration_credentials_expires_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('integration_credentials', table => {
    table.dropIndex(
      ['expires_at', 'integration_id'],
      'integration_credentials_expires_idx',
    );
  });
};
