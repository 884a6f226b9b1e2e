// @ts-check

/**
 * Operating credentials safely: paused project assignments, previous
 * credential values kept as versions (rollback, rotation overlap), and what
 * owners were last told about a credential (notify once per state change).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('integration_projects', table => {
    table
      .timestamp('paused_at', { useTz: true })
      .nullable()
      .comment('set while the assignment is paused: excluded from resolve');
    table.string('paused_by', 255).nullable();
    table.string('pause_reason', 500).nullable();
  });

  await knex.schema.alterTable('integration_credentials', table => {
    table
      .string('rotated_by', 255)
      .nullable()
      .comment('who wrote the current value');
    table
      .integer('overlap_minutes')
      .nullable()
      .comment("overrides the type's rotation overlap window");
  });

  // Values that were current before; the current value stays in integration_credentials.
  await knex.schema.createTable('integration_credential_versions', table => {
    table.bigIncrements('id').primary();
    table.string('integration_id', 36).notNullable();
    table.string('key', 128).notNullable();
    table.integer('version').notNullable();
    table
      .text('ciphertext')
      .notNullable()
      .comment('same format and AAD as integration_credentials');
    table.string('key_id', 64).notNullable().index();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('when this value became current');
    table.string('created_by', 255).nullable();
    table
      .timestamp('superseded_at', { useTz: true })
      .notNullable()
      .comment('when a rotation or rollback replaced it');
    table.unique(['integration_id', 'key', 'version']);
  });

  await knex.schema.createTable('integration_credential_notices', table => {
    table.string('integration_id', 36).notNullable();
    table.string('key', 128).notNullable();
    table.string('state', 16).notNullable().comment('due or expired');
    table.timestamp('notified_at', { useTz: true }).notNullable();
    table.primary(['integration_id', 'key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('integration_credential_notices');
  await knex.schema.dropTable('integration_credential_versions');
  await knex.schema.alterTable('integration_credentials', table => {
    table.dropColumn('overlap_minutes');
    table.dropColumn('rotated_by');
  });
  await knex.schema.alterTable('integration_projects', table => {
    table.dropColumn('pause_reason');
    table.dropColumn('paused_by');
    table.dropColumn('paused_at');
  });
};
