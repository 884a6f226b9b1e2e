// @ts-check

/**
 * Credential use in aggregate: one row per integration, consumer, project and
 * day, upserted at most once a minute per key by the UsageRecorder, so resolve
 * never writes a row per call. Like history, usage outlives its integration.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('integration_usage', table => {
    table.string('integration_id', 36).notNullable();
    table
      .string('consumer', 255)
      .notNullable()
      .comment(
        'service principal subject (plugin id, external service) or user ref',
      );
    table
      .string('project', 255)
      .notNullable()
      .comment('entity ref resolved for');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.bigInteger('count').notNullable();
    table.timestamp('first_used_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).notNullable();
    table.unique(['integration_id', 'consumer', 'project', 'day'], {
      indexName: 'integration_usage_key',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('integration_usage');
};
