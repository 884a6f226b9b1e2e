/* eslint-disable no-console */
// Speed of the list endpoint's queries as the table grows, and the cost of sealing,
// measured side by side in one run so machine noise cancels out in the ratios.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  credentialAad,
  Keyring,
} from '../plugins/integrations-backend/src/crypto/keyring';
import { IntegrationsStore } from '../plugins/integrations-backend/src/store/IntegrationsStore';

const SMALL = 500;
const LARGE = 5000;
const RUNS = 25;
const TYPES = [
  'ai',
  'telephony',
  'payments',
  'messaging',
  'monitoring',
  'other',
];
const keyring = new Keyring([{ id: 'bench', secret: randomBytes(32) }]);

async function seed(store: IntegrationsStore, count: number) {
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await store.create(
      {
        id,
        name: `Integration ${i}`,
        type: TYPES[i % TYPES.length],
        owner: `group:default/team-${i % 20}`,
        urls: [
          { url: `https://api${i}.example.com/v1` },
          { url: `https://status${i}.example.com` },
        ],
        projects: [`component:default/service-${i % 300}`],
        credentials: ['API_KEY', `TOKEN_${i}`].map(key => {
          const { sealed, keyId } = keyring.seal(
            `secret-${i}-${key}`,
            credentialAad(id, key),
          );
          return { key, ciphertext: sealed, keyId };
        }),
      },
      'user:default/bench',
      new Date(),
      [],
    );
  }
}

async function median(fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const queries: Array<[string, Parameters<IntegrationsStore['list']>[0]]> = [
  ['first page (24)', { offset: 0, limit: 24 }],
  ['type filter', { types: ['payments'], offset: 0, limit: 24 }],
  ['search q (key)', { q: 'token_42', offset: 0, limit: 24 }],
  [
    'project filter',
    { project: 'component:default/service-7', offset: 0, limit: 24 },
  ],
  [
    'IS_OWNER (SQL)',
    {
      offset: 0,
      limit: 24,
      filter: { property: 'owner', values: ['group:default/team-3'] },
    },
  ],
  ['last page', { offset: LARGE - 24, limit: 24 }],
];

async function database(label: string, connect: () => Knex) {
  const rows: string[][] = [];
  const dbs = [connect(), connect()];
  try {
    const [small, large] = await Promise.all(
      dbs.map(async (db, i) => {
        await db.migrate.latest({
          directory: resolvePackagePath(
            '@integrations-hub/backstage-plugin-integrations-backend',
            'migrations',
          ),
        });
        const store = new IntegrationsStore(db);
        await seed(store, i === 0 ? SMALL : LARGE);
        return store;
      }),
    );
    for (const [name, query] of queries) {
      const a = await median(() => small.list(query));
      const b = await median(() => large.list(query));
      rows.push([label, name, a.toFixed(2), b.toFixed(2), (b / a).toFixed(2)]);
    }
  } finally {
    await Promise.all(dbs.map(db => db.destroy()));
  }
  return rows;
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    [
      line(header),
      line(widths.map(w => '-'.repeat(w))),
      ...rows.map(line),
    ].join('\n'),
  );
}

async function main() {
  const rows = await database('SQLite', () =>
    knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    }),
  );
  const pg =
    process.env.BENCH_PG_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (pg) {
    const admin = knexFactory({ client: 'pg', connection: pg });
    const names = [0, 1].map(i => `bench_${process.pid}_${i}`);
    for (const n of names) await admin.raw(`create database ${n}`);
    let next = 0;
    try {
      rows.push(
        ...(await database('PostgreSQL', () => {
          const url = new URL(pg);
          url.pathname = `/${names[next++]}`;
          return knexFactory({ client: 'pg', connection: url.toString() });
        })),
      );
    } finally {
      for (const n of names)
        await admin.raw(`drop database if exists ${n} with (force)`);
      await admin.destroy();
    }
  }
  console.log(
    `\nList queries: median of ${RUNS} runs, ${SMALL} vs ${LARGE} integrations (ms).`,
  );
  table(['database', 'query', `${SMALL}`, `${LARGE}`, 'ratio'], rows);

  const value = 'sk_live_0123456789abcdef0123456789abcdef';
  const aad = credentialAad(randomUUID(), 'API_KEY');
  const ops = 20000;
  const time = (fn: () => void) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) fn();
    return Number(process.hrtime.bigint() - start) / 1e3 / ops;
  };
  const sealed = keyring.seal(value, aad).sealed;
  const hash = time(() => createHash('sha256').update(value).digest());
  const seal = time(() => keyring.seal(value, aad));
  const open = time(() => keyring.open(sealed, aad));
  console.log(
    `\nCredential sealing (µs per value, ${ops} ops; ratio against one SHA-256 of the same value).`,
  );
  table(
    ['operation', 'µs', 'ratio'],
    [
      ['sha256 (baseline)', hash.toFixed(2), '1.00'],
      ['seal AES-256-GCM', seal.toFixed(2), (seal / hash).toFixed(2)],
      ['open AES-256-GCM', open.toFixed(2), (open / hash).toFixed(2)],
    ],
  );
  const heap = process.memoryUsage();
  console.log(
    `\nHeap used at the end: ${(heap.heapUsed / 2 ** 20).toFixed(
      1,
    )} MiB, RSS ${(heap.rss / 2 ** 20).toFixed(1)} MiB.`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
