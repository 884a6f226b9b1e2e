// @ts-check

/**
 * A broad search walks the names in windows (src/core/store/IntegrationList.ts,
 * walk); on PostgreSQL each window read one heap page per name to test
 * search_text, because the name index holds only (sort_name, id). This index
 * adds a copy of search_text to it, so a window is an index-only scan and only
 * its matches are read from the table. A btree entry holds at most ~2.7 KB
 * and search_text is not bounded that low, so the copy (search_short) is
 * search_text when it is at most SHORT_BYTES bytes and NULL otherwise: NULL
 * means "read the row", so a longer row (or one the fill below has not reached
 * yet) is still found, just not index-only.
 *
 * Online as far as PostgreSQL allows: adding a nullable column and a trigger
 * take a brief exclusive lock and rewrite nothing; existing rows are filled
 * in batches of BATCH (each its own statement, row locks only) and the index
 * is built CONCURRENTLY, so writes go on throughout. What it costs at 1M rows
 * (2 cores, other work running): 7.8 min in all; the fill writes a new version
 * of every row, so the table and its other indexes stay about twice their size
 * until a VACUUM FULL or pg_repack (plain VACUUM only makes the space reusable);
 * the new index is 207 MB (the name index it extends: 144 MB). SQLite keeps its
 * own search path (integrations_search); nothing changes there.
 */

/** search_text up to this many bytes is copied: with sort_name (<= 800 bytes) and id, well under a btree entry's ~2.7 KB. */
const SHORT_BYTES = 1500;
const BATCH = 5000;

// CREATE INDEX CONCURRENTLY cannot run inside a transaction; each step below is idempotent.
exports.config = { transaction: false };

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    'ALTER TABLE integrations ADD COLUMN IF NOT EXISTS search_short text',
  );
  // The database keeps the copy itself: no write path changes.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION integrations_search_short() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_short := CASE WHEN octet_length(NEW.search_text) <= ${SHORT_BYTES}
        THEN NEW.search_text END;
      RETURN NEW;
    END $$`);
  await knex.raw(
    'DROP TRIGGER IF EXISTS integrations_search_short ON integrations',
  );
  await knex.raw(`
    CREATE TRIGGER integrations_search_short
    BEFORE INSERT OR UPDATE OF search_text ON integrations
    FOR EACH ROW EXECUTE FUNCTION integrations_search_short()`);
  // Rows written before the trigger, in id order, BATCH at a time.
  let last = '';
  for (;;) {
    const { rows } = await knex.raw(
      `WITH batch AS (
         SELECT id FROM integrations WHERE id > ? ORDER BY id LIMIT ${BATCH}
       ), filled AS (
         UPDATE integrations i SET search_short = i.search_text
         FROM batch b
         WHERE i.id = b.id AND i.search_short IS NULL
           AND octet_length(i.search_text) <= ${SHORT_BYTES}
       )
       SELECT max(id) AS last FROM batch`,
      [last],
    );
    if (!rows[0]?.last) break;
    last = rows[0].last;
  }
  // A concurrent build that failed leaves an invalid index behind: build it again.
  const { rows: invalid } = await knex.raw(
    `SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('integrations_sort_search_idx') AND NOT indisvalid`,
  );
  if (invalid.length)
    await knex.raw('DROP INDEX CONCURRENTLY integrations_sort_search_idx');
  await knex.raw(
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS integrations_sort_search_idx ON integrations (sort_name, id) INCLUDE (search_short)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw('DROP INDEX IF EXISTS integrations_sort_search_idx');
  await knex.raw(
    'DROP TRIGGER IF EXISTS integrations_search_short ON integrations',
  );
  await knex.raw('DROP FUNCTION IF EXISTS integrations_search_short()');
  await knex.raw('ALTER TABLE integrations DROP COLUMN IF EXISTS search_short');
};
