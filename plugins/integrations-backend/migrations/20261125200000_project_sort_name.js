// @ts-check

/**
 * A project's integrations in name order without reading the whole project:
 * the integration's sort key copied onto each of its project assignments, with
 * an index on (entity_ref, sort_name, integration_id) that serves the project
 * filter's ORDER BY, keyset paging and bounded counts. The store writes it with
 * every assignment and every rename; this backfills existing rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('integration_projects', table => {
    table
      .string('sort_name', 200)
      .nullable()
      .comment("the integration's sort_name: project lists in name order");
  });
  await knex('integration_projects').update({
    sort_name: knex('integrations')
      .select('sort_name')
      .where(
        'integrations.id',
        knex.ref('integration_projects.integration_id'),
      ),
  });
  await knex.schema.alterTable('integration_projects', table => {
    table.index(
      ['entity_ref', 'sort_name', 'integration_id'],
      'integration_projects_order_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('integration_projects', table => {
    table.dropIndex(
      ['entity_ref', 'sort_name', 'integration_id'],
      'integration_projects_order_idx',
    );
  });
  await knex.schema.alterTable('integration_projects', table => {
    table.dropColumn('sort_name');
  });
};
