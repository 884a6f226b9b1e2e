// @ts-check

/**
 * Lists that do not grow with the table: a lower-cased sort key with an index
 * that serves ORDER BY and keyset paging, and a normalised search column (name,
 * URLs, credential keys) with a trigram index on PostgreSQL. The store keeps
 * both columns up to date on every write (src/store/searchText.ts); this
 * backfills existing rows with the same rules.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('integrations', table => {
    table
      .string('sort_name', 200)
      .nullable()
      .comment('lower-cased name: sort and cursor key');
    table
      .text('search_text')
      .nullable()
      .comment('lower-cased name, URLs and credential keys, one per line');
  });

  await backfill(knex);

  await knex.schema.alterTable('integrations', table => {
    table.index(['sort_name', 'id'], 'integrations_sort_idx');
    table.index(['type', 'sort_name', 'id'], 'integrations_type_sort_idx');
  });
  if (isPg) {
    // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await knex.raw(
      'CREATE INDEX integrations_search_trgm_idx ON integrations USING gin (search_text gin_trgm_ops)',
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    // The extension stays: other schemas or plugins may use it.
    await knex.raw('DROP INDEX IF EXISTS integrations_search_trgm_idx');
  }
  await knex.schema.alterTable('integrations', table => {
    table.dropIndex(['type', 'sort_name', 'id'], 'integrations_type_sort_idx');
    table.dropIndex(['sort_name', 'id'], 'integrations_sort_idx');
  });
  await knex.schema.alterTable('integrations', table => {
    table.dropColumn('search_text');
    table.dropColumn('sort_name');
  });
};

const fold = (/** @type {string} */ value) => value.toLocaleLowerCase('en-US');

/**
 * Same rules as src/store/searchText.ts, in batches by id.
 * @param {import('knex').Knex} knex
 */
async function backfill(knex) {
  let after = '';
  for (;;) {
    const rows = await knex('integrations')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'name');
    if (rows.length === 0) return;
    const ids = rows.map(r => r.id);
    const urls = await knex('integration_urls')
      .whereIn('integration_id', ids)
      .orderBy(['integration_id', 'position'])
      .select('integration_id', 'url');
    const keys = await knex('integration_credentials')
      .whereIn('integration_id', ids)
      .orderBy(['integration_id', 'key'])
      .select('integration_id', 'key');
    for (const row of rows) {
      const parts = [
        row.name,
        ...urls.filter(u => u.integration_id === row.id).map(u => u.url),
        ...keys.filter(k => k.integration_id === row.id).map(k => k.key),
      ];
      await knex('integrations')
        .where('id', row.id)
        .update({
          sort_name: fold(row.name),
          search_text: parts.map(fold).join('\n'),
        });
    }
    after = rows[rows.length - 1].id;
  }
}
