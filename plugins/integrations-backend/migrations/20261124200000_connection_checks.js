// @ts-check

/**
 * Connection checks: per-integration check definitions (overriding the type's),
 * a short history of results per URL, and each integration's current health
 * (what the card's dot, the unhealthy filter and change notifications read).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('integration_check_definitions', table => {
    table
      .string('integration_id', 36)
      .primary()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table
      .text('definition')
      .notNullable()
      .comment(
        'JSON check definition; templates name credential keys, never values',
      );
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
  });

  await knex.schema.createTable('integration_check_results', table => {
    table.bigIncrements('id').primary();
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table
      .string('run_id', 36)
      .notNullable()
      .comment('results of one check run');
    table.integer('url_index').notNullable();
    table.text('url').notNullable().comment('without credentials');
    table
      .string('status', 16)
      .notNullable()
      .comment('healthy, unhealthy, error');
    table.integer('http_status').nullable();
    table.integer('latency_ms').notNullable();
    table.string('reason', 300).notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.string('trigger', 16).notNullable().comment('scheduled or manual');
    table.string('actor', 255).notNullable();
    table.index(
      ['integration_id', 'id'],
      'integration_check_results_recent_idx',
    );
  });

  await knex.schema.createTable('integration_check_health', table => {
    table
      .string('integration_id', 36)
      .primary()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.string('status', 16).notNullable().index();
    table.string('last_run_id', 36).notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable().index();
    table
      .timestamp('changed_at', { useTz: true })
      .notNullable()
      .comment('when status last turned healthy or failing');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('integration_check_health');
  await knex.schema.dropTable('integration_check_results');
  await knex.schema.dropTable('integration_check_definitions');
};
