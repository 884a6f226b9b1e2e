import { Knex } from 'knex';

async function tableNames(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      'select tablename from pg_tables where schemaname = current_schema()',
    );
    return rows.map((r: { tablename: string }) => r.tablename);
  }
  const rows = await knex.raw(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
  );
  return rows.map((r: { name: string }) => r.name);
}

function serialize(value: unknown): unknown {
  if (value instanceof Date) return `date:${value.toISOString()}`;
  if (Buffer.isBuffer(value)) return `bytes:${value.toString('hex')}`;
  return value;
}

/**
 * Every row of every table, as canonical text: compare two dumps to prove a
 * rejected request changed nothing at all (not only row counts).
 */
export async function dumpTables(
  knex: Knex,
): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of (await tableNames(knex)).sort()) {
    const rows = await knex(table).select();
    dump[table] = rows
      .map(row =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map(column => [column, serialize(row[column])]),
        ),
      )
      .sort();
  }
  return dump;
}
