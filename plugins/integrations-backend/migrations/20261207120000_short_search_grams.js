// @ts-check

/**
 * One- and two-character searches through an index on PostgreSQL. pg_trgm
 * finds nothing shorter than a trigram, so a short search that matches few
 * rows read the whole table (`zq`: 35 ms at 100k, a scan of every row). This
 * adds every 1- and 2-character piece of search_text as an array column the
 * database keeps itself (generated from search_text: no write path changes),
 * with a GIN index the list query uses for short searches
 * (src/core/store/searchText.ts, shortSearch). Costs about 0.7 KB per
 * integration, and adding the column rewrites the table under an exclusive
 * lock (27 s for 100k rows on 2 cores): plan the upgrade of a large table.
 * SQLite has no array type; its short searches stay a scan.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  // Characters as PostgreSQL counts them (code points), the line separator never in a piece.
  await knex.raw(`
    CREATE FUNCTION integrations_search_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) i
        UNION ALL
        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) i
      ) pieces WHERE position(E'\\n' IN g) = 0
    $$`);
  await knex.raw(
    'ALTER TABLE integrations ADD COLUMN search_grams text[] GENERATED ALWAYS AS (integrations_search_grams(search_text)) STORED',
  );
  await knex.raw(
    'CREATE INDEX integrations_search_grams_idx ON integrations USING gin (search_grams)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw('DROP INDEX IF EXISTS integrations_search_grams_idx');
  await knex.raw('ALTER TABLE integrations DROP COLUMN IF EXISTS search_grams');
  await knex.raw('DROP FUNCTION IF EXISTS integrations_search_grams(text)');
};
