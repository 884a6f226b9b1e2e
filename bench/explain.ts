/* eslint-disable no-console */
// node --require @backstage/cli/config/nodeTransform.cjs bench/explain.ts [--size 100000] [--reuse | --database name] [--out file] [--windows 2000,16000] [--whole]
//
// --windows: the name windows a capped search walks (IntegrationList's
// SEARCH_WINDOWS by default; `--windows 2000` is the single window it had before).
// --whole: every search looked up whole by the trigram index, as before likePart.
//
// What PostgreSQL does for the list and search cases: seeds a database of
// --size integrations (bench/seed.ts), runs each case through the store's own
// IntegrationList and prints EXPLAIN (ANALYZE, BUFFERS) of every statement it sent.
import fs from 'node:fs';
import { Knex } from 'knex';
import {
  IntegrationList,
  SEARCH_WINDOWS,
} from '../plugins/integrations-backend/src/core/store/IntegrationList';
import { encodeCursor } from '../plugins/integrations-backend/src/core/store/cursor';
import { ROOT } from './backend';
import {
  BROAD_TERM,
  pgAdmin,
  PROJECT_1000,
  RESOLVE_PROJECT,
  seedBulk,
} from './seed';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const size = Number(option('--size', '100000'));
const out = option('--out', '');
// --database: an existing one (a run's, kept by `npm run bench -- --keep`), reused as it is.
const database = option('--database', `bench_explain_${size}`);
const reuse = args.includes('--reuse') || args.includes('--database');
const windows = option('--windows', SEARCH_WINDOWS.join(','))
  .split(',')
  .map(Number);

const CASES: Array<[string, Record<string, any>]> = [
  ['list first page', {}],
  ['type filter', { types: ['payments'] }],
  [`broad search "${BROAD_TERM}" (10%)`, { q: BROAD_TERM }],
  [
    // The next "billing" sorts eight vendor-and-use clusters later ("cohere billing").
    `broad search "${BROAD_TERM}", the page after "adyen billing"`,
    {
      q: BROAD_TERM,
      cursor: encodeCursor({ sortName: 'adyen billing~', id: '' }),
    },
  ],
  ['one-character keystroke "s"', { q: 's' }],
  ['two-character keystroke "st"', { q: 'st' }],
  ['two characters, few matches "zq"', { q: 'zq' }],
  ['one character, few matches "q"', { q: 'q' }],
  ['credential-key prefix "token_1"', { q: 'token_1' }],
  ['selective search "api-4200."', { q: 'api-4200.' }],
  // What the bench's selective cases search for at this size (42% into the table).
  [
    `credential key "token_${Math.floor(size * 0.42)}"`,
    { q: `token_${Math.floor(size * 0.42)}` },
  ],
  [
    `URL fragment "api-${Math.floor(size * 0.42)}."`,
    { q: `api-${Math.floor(size * 0.42)}.` },
  ],
  ['project with 1,000 integrations', { project: PROJECT_1000 }],
  ['project with 4 integrations', { project: RESOLVE_PROJECT }],
];

async function prepare(): Promise<Knex> {
  const admin = pgAdmin();
  const { rows } = await admin.raw(
    'select 1 from pg_database where datname = ?',
    [database],
  );
  const exists = rows.length > 0;
  if (exists && !reuse)
    await admin.raw('drop database ?? with (force)', [database]);
  if (!exists || !reuse) await admin.raw('create database ??', [database]);
  await admin.destroy();
  const db = pgAdmin(database);
  await db.migrate.latest({
    directory: `${ROOT}/plugins/integrations-backend/migrations`,
  });
  const [{ count }] = await db('integrations').count({ count: '*' });
  if (Number(count) < size) {
    const started = Date.now();
    await seedBulk(db, Number(count), size);
    console.log(
      `[explain] seeded ${size} in ${(Date.now() - started) / 1000} s`,
    );
    await db.raw('vacuum analyze');
  }
  return db;
}

async function main() {
  const db = await prepare();
  const report: string[] = [
    `# EXPLAIN (ANALYZE, BUFFERS) at ${size.toLocaleString(
      'en-US',
    )} integrations (name windows ${windows.join(', ')}; ${
      args.includes('--whole') ? 'whole searches' : 'rarest parts'
    })`,
  ];
  try {
    for (const [name, options] of CASES) {
      const list = new IntegrationList(
        db,
        undefined,
        windows,
        !args.includes('--whole'),
      );
      await list.trigrams?.refresh();
      // Once to warm the cache, then again with cold counts: every statement a first keystroke sends.
      await list.list({ limit: 24, ...options });
      list.invalidateCounts();
      const sent: Array<{ sql: string; bindings: unknown[] }> = [];
      const onQuery = (q: any) =>
        sent.push({ sql: q.sql, bindings: q.bindings });
      db.on('query', onQuery);
      const started = process.hrtime.bigint();
      await list.list({ limit: 24, ...options });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      db.removeListener('query', onQuery);
      report.push(
        `\n## ${name}: ${sent.length} statements, ${ms.toFixed(
          1,
        )} ms cold counts\n`,
      );
      for (const { sql, bindings } of sent) {
        if (/^set |statement_timeout/i.test(sql)) continue;
        // The statement as sent ($1... placeholders), on a connection of its own.
        const connection = await db.client.acquireConnection();
        const { rows } = await connection
          .query(`explain (analyze, buffers) ${sql}`, bindings ?? [])
          .finally(() => db.client.releaseConnection(connection));
        report.push(
          `${sql}\n    -- ${JSON.stringify(bindings ?? [])}\n\n${rows
            .map((r: any) => `    ${r['QUERY PLAN']}`)
            .join('\n')}\n`,
        );
      }
    }
  } finally {
    await db.destroy();
  }
  const text = report.join('\n');
  if (out) fs.writeFileSync(out, text);
  console.log(text);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
