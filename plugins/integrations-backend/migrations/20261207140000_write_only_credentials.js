// @ts-check

/**
 * Write-only credentials: reveal refuses them for everyone, resolve by services
 * still opens them. The flag belongs to the credential (not to a version), so a
 * rotation or a rollback keeps it; existing credentials stay readable.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('integration_credentials', table => {
    table.boolean('write_only').notNullable().defaultTo(false);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('integration_credentials', table => {
    table.dropColumn('write_only');
  });
};
