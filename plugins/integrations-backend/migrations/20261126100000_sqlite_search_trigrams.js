// @ts-check

/**
 * Substring search on SQLite without reading every row: an FTS5 table with the
 * trigram tokenizer over integrations.search_text (PostgreSQL has its pg_trgm
 * index since 20261124100000 and gets nothing here). The store narrows a
 * search of 3 or more characters with it and still applies its exact LIKE.
 *
 * FTS5 rows are found by rowid; integrations has a text primary key whose
 * implicit rowid VACUUM may renumber, so a small map table ties each
 * integration id to its FTS row. Triggers keep both in step with every write
 * (a later migration that rebuilds the integrations table on SQLite must
 * create them again).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client === 'pg') return;
  await knex.raw(
    `CREATE VIRTUAL TABLE integrations_search USING fts5(search_text, tokenize = 'trigram case_sensitive 1')`,
  );
  await knex.raw(
    `CREATE TABLE integrations_search_rows (integration_id varchar(36) PRIMARY KEY NOT NULL, search_rowid integer NOT NULL)`,
  );
  // Searches join from the FTS rows to integrations through this index.
  await knex.raw(
    `CREATE UNIQUE INDEX integrations_search_rows_rowid_idx ON integrations_search_rows (search_rowid)`,
  );
  // last_insert_rowid() inside a trigger is the rowid of the trigger's own last insert.
  const add = `
    INSERT INTO integrations_search (search_text) VALUES (coalesce(new.search_text, ''));
    INSERT INTO integrations_search_rows (integration_id, search_rowid) VALUES (new.id, last_insert_rowid());`;
  const remove = `
    DELETE FROM integrations_search WHERE rowid = (SELECT search_rowid FROM integrations_search_rows WHERE integration_id = old.id);
    DELETE FROM integrations_search_rows WHERE integration_id = old.id;`;
  await knex.raw(
    `CREATE TRIGGER integrations_search_insert AFTER INSERT ON integrations BEGIN ${add} END`,
  );
  await knex.raw(
    `CREATE TRIGGER integrations_search_update AFTER UPDATE OF search_text ON integrations BEGIN ${remove} ${add} END`,
  );
  await knex.raw(
    `CREATE TRIGGER integrations_search_delete AFTER DELETE ON integrations BEGIN ${remove} END`,
  );
  // Existing rows, in one pass each.
  await knex.raw(
    `INSERT INTO integrations_search (rowid, search_text) SELECT rowid, coalesce(search_text, '') FROM integrations`,
  );
  await knex.raw(
    `INSERT INTO integrations_search_rows (integration_id, search_rowid) SELECT id, rowid FROM integrations`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') return;
  await knex.raw('DROP TRIGGER IF EXISTS integrations_search_delete');
  await knex.raw('DROP TRIGGER IF EXISTS integrations_search_update');
  await knex.raw('DROP TRIGGER IF EXISTS integrations_search_insert');
  await knex.raw('DROP TABLE IF EXISTS integrations_search_rows');
  await knex.raw('DROP TABLE IF EXISTS integrations_search');
};
