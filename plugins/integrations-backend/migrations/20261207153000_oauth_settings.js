// @ts-check

/**
 * OAuth2 client credentials: per integration, whether resolve may return the
 * client secret beside the minted token (off unless someone who may update
 * the integration turns it on), and the last token endpoint failure.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('integration_oauth_settings', table => {
    table
      .string('integration_id', 36)
      .primary()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table
      .boolean('client_secret_resolvable')
      .notNullable()
      .defaultTo(false)
      .comment('resolve returns the client secret too');
    table.timestamp('updated_at', { useTz: true }).nullable();
    table.string('updated_by', 255).nullable();
    table
      .string('last_error', 300)
      .nullable()
      .comment('last failed token request: host and status, never a value');
    table.timestamp('last_error_at', { useTz: true }).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('integration_oauth_settings');
};
