// @ts-check

/**
 * Integrations, their URLs, project assignments, encrypted credentials and
 * history. Child rows are deleted by the store in the same transaction as
 * their integration (SQLite does not enforce foreign keys by default).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('integrations', table => {
    table.string('id', 36).primary().comment('uuid');
    table.string('name', 200).notNullable();
    table.string('type', 64).notNullable().index();
    table.text('description').nullable();
    table
      .string('owner', 255)
      .notNullable()
      .index()
      .comment('entity ref of the owning user or group');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('bumped on every change');
  });

  await knex.schema.createTable('integration_urls', table => {
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.text('url').notNullable();
    table.string('label', 200).nullable();
    table.primary(['integration_id', 'position']);
  });

  await knex.schema.createTable('integration_projects', table => {
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable().index();
    table.timestamp('assigned_at', { useTz: true }).notNullable();
    table.string('assigned_by', 255).notNullable();
    table.primary(['integration_id', 'entity_ref']);
  });

  await knex.schema.createTable('integration_credentials', table => {
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.string('key', 128).notNullable();
    table
      .text('ciphertext')
      .notNullable()
      .comment('v1.<keyId>.<nonce>.<tag>.<ciphertext>, AES-256-GCM');
    table.string('key_id', 64).notNullable().index();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('rotated_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.integer('version').notNullable().defaultTo(1);
    table.primary(['integration_id', 'key']);
  });

  // No foreign key: history outlives the integration it describes.
  await knex.schema.createTable('integration_events', table => {
    table.bigIncrements('id').primary();
    table.string('integration_id', 36).notNullable().index();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.text('detail').notNullable().comment('JSON, never a secret value');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('integration_events');
  await knex.schema.dropTable('integration_credentials');
  await knex.schema.dropTable('integration_projects');
  await knex.schema.dropTable('integration_urls');
  await knex.schema.dropTable('integrations');
};
