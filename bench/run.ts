/* eslint-disable no-console */
// npm run bench -- [--db pg|sqlite] [--quick] [--1m] [--worktree] [--duration s] [--profile] [--keep] [--keys]
//   [--sizes 10000,100000] [--only <regexp>]
//   --only: the floor and the cases whose name matches (printed, RESULTS.md left alone)
//   --keys: only the key providers case (resolve under PKCS#11 against the keyring, bench/keyProviders.ts)
//
// The real backend (packages/backend built for production) against a bare
// express server returning the same JSON, case by case in one run, so the
// ratios cancel out most of the machine's noise. Writes bench/RESULTS.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildBackend,
  snapshotTree,
  scratchDir,
  startBackend,
  unpackBundle,
  userToken,
  Database,
  RunningBackend,
} from './backend';
import { appChunk } from './appChunk';
import { buildCases, Case, searchKeystrokes } from './cases';
import { combine, load, Measured, startBaseline } from './load';
import { collectProfile, startProfile, summarizeProfile } from './profile';
import { writeResults, Row } from './results';
import { measureKeyProviders, writeKeyProvidersSection } from './keyProviders';
import { softHsmMissing } from '../plugins/integrations-backend-module-pkcs11/src/__testUtils__/softHsm';
import { storeRate } from './storeAlone';
import { integrationsDb, pgAdmin, seedBulk, seedThroughApi } from './seed';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const dbKind = option('--db', 'pg') as 'pg' | 'sqlite';
const quick = flag('--quick');
const million = flag('--1m');
const keysOnly = flag('--keys');
const duration = Number(option('--duration', quick ? '2' : '6'));
/** Each case alternates baseline and backend this many times, `duration` seconds per side in all. */
const ROUNDS = quick ? 1 : 3;
const roundSeconds = Math.max(1, Math.round(duration / ROUNDS));
if (million && dbKind !== 'pg') throw new Error('--1m runs on PostgreSQL only');
const sizes = option('--sizes', quick ? '300,1500' : '10000,100000')
  .split(',')
  .map(Number);
// Rows created through the API before the bulk path takes over (creates run ~50-300/s here).
const apiSeed = Number(option('--api-seed', quick ? '300' : '2000'));
if (million) sizes.push(1_000_000);
const only = args.includes('--only')
  ? new RegExp(option('--only', ''))
  : undefined;
const chosen = (name: string) =>
  !only || only.test(name) || name === 'types (framework floor)';
/** A partial run is for looking at: it never replaces a section of RESULTS.md. */
const record = (results: Parameters<typeof writeResults>[0]) =>
  writeResults(results, only ? 'console' : 'file');
/** The cases `--profile` profiles, one at a time. */
const PROFILED = [
  'types (framework floor)',
  'list first page',
  'broad search "billing" (10%)',
  'keystroke "s"',
  'project with 1,000',
  'get one',
  'resolve, project of 100',
];

async function measureCase(
  backend: RunningBackend,
  scratch: string,
  testCase: Case,
  port: number,
): Promise<{ backend: Measured; baseline: Measured }> {
  // The baseline answers with exactly what the backend answered.
  const sample = await fetch(
    `${backend.url}${testCase.samplePath ?? testCase.path}`,
    {
      method: testCase.method ?? 'GET',
      headers: testCase.headers,
      body: testCase.sampleBody,
    },
  );
  const text = await sample.text();
  if (!sample.ok)
    throw new Error(`${testCase.name}: ${sample.status} ${text.slice(0, 300)}`);
  const baseline = await startBaseline(
    scratch,
    port,
    JSON.parse(text),
    sample.status,
  );
  try {
    // Both warmed up first (the baseline is a new process), then measured in
    // alternating rounds so a change in the machine's speed reaches both sides.
    await load({ ...testCase.load(baseline.url), duration: 1 });
    await testCase.beforeRun?.();
    await load({ ...testCase.load(backend.url), duration: 1 });
    const base: Measured[] = [];
    const real: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      base.push(
        await load({ ...testCase.load(baseline.url), duration: roundSeconds }),
      );
      await testCase.beforeRun?.();
      real.push(
        await load({
          ...testCase.load(backend.url),
          duration: roundSeconds,
          pid: backend.process.pid,
        }),
      );
    }
    return { backend: combine(real), baseline: combine(base) };
  } finally {
    await baseline.stop();
  }
}

async function main() {
  const scratch = scratchDir();
  const tag = `bench_${process.pid}_`;
  const db: Database = {
    kind: dbKind,
    prefix: tag,
    sqliteDir: path.join(scratch, 'sqlite'),
  };
  fs.mkdirSync(db.sqliteDir, { recursive: true });
  console.log(
    `[bench] ${dbKind}, sizes ${sizes.join(
      ', ',
    )}, ${duration} s per run, scratch ${scratch}`,
  );

  // The committed tree by default; --worktree builds the shared working tree as it is.
  let chunk: ReturnType<typeof appChunk>;
  let bundleDir: string;
  try {
    const tree = snapshotTree(scratch, flag('--worktree'));
    const bundle = buildBackend(tree, scratch);
    chunk = appChunk(tree);
    bundleDir = unpackBundle(bundle, scratch);
  } catch (error) {
    // A failed build leaves nothing behind either.
    if (!flag('--keep')) fs.rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const port = 7300 + (process.pid % 500);
  const profileDir = flag('--profile')
    ? path.join(scratch, 'profiles')
    : undefined;
  const backend = await startBackend({
    bundleDir,
    scratch,
    port,
    db,
    profileDir,
  });
  const rows: Row[] = [];
  const notes: string[] = [];
  const results = {
    db: dbKind,
    rows,
    chunk,
    notes,
    quick,
    duration,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
  let seeded = 0;
  try {
    for (const size of keysOnly ? [] : sizes) {
      // The API seeds the first rows (and measures create); the bulk path the rest.
      const apiTarget = Math.min(size, apiSeed);
      if (seeded < apiTarget) {
        console.log(
          `[bench] seeding ${seeded} -> ${apiTarget} through the API`,
        );
        const rate = await seedThroughApi(
          backend.url,
          await userToken(backend.url),
          seeded,
          apiTarget,
        );
        notes.push(
          `Seeding ${seeded.toLocaleString(
            'en-US',
          )} -> ${apiTarget.toLocaleString(
            'en-US',
          )} through POST /integrations with 16 in flight: ${Math.round(
            rate,
          )} creates/s.`,
        );
        seeded = apiTarget;
      }
      if (seeded < size) {
        console.log(
          `[bench] bulk seeding ${seeded} -> ${size} (documented bulk path)`,
        );
        const knex = integrationsDb(db);
        const started = Date.now();
        try {
          await seedBulk(knex, seeded, size);
        } finally {
          await knex.destroy();
        }
        notes.push(
          `Seeding ${seeded.toLocaleString('en-US')} -> ${size.toLocaleString(
            'en-US',
          )} by the bulk path (bench/seed.ts seedBulk: multi-row INSERTs, values sealed under a data key as the plugin seals them, search columns by the store's functions) in ${Math.round(
            (Date.now() - started) / 1000,
          )} s.`,
        );
      }
      seeded = size;
      if (dbKind === 'pg') {
        // What autovacuum would do after a load this size; done now so the run is not at its mercy.
        const knex = pgAdmin(`${tag}integrations`);
        await knex.raw('vacuum analyze');
        await knex.destroy();
      }
      const token = await userToken(backend.url);
      const cases = await buildCases(backend.url, token, size, seeded);
      for (const testCase of cases) {
        if (size > 200_000 && testCase.write) continue;
        if (!chosen(testCase.name)) continue;
        const measured = await measureCase(
          backend,
          scratch,
          testCase,
          port + 1,
        );
        rows.push({
          size,
          name: testCase.name,
          kind: testCase.kind,
          ...measured,
        });
        const r = measured.backend.reqPerSec / measured.baseline.reqPerSec;
        console.log(
          `[bench] ${size} ${testCase.name.padEnd(
            28,
          )} ${measured.backend.reqPerSec
            .toFixed(0)
            .padStart(6)} req/s  p97.5 ${
            measured.backend.p975
          } ms  ratio ${r.toFixed(3)}  errors ${measured.backend.errors}`,
        );
      }
      // Resolve while 10 connections type searches: the bulkhead keeps the pool for resolve.
      // Idle and loaded rounds alternate, so both p99s see the same machine.
      // Below HTTP: each list case and get through the store alone, the backend idle.
      const storeDb = integrationsDb(db, 10);
      try {
        for (const row of rows.filter(
          r => r.size === size && (r.kind === 'list' || r.name === 'get one'),
        )) {
          const testCase = cases.find(c => c.name === row.name)!;
          row.storeAlone = await storeRate(
            storeDb,
            testCase.path,
            roundSeconds * 2,
          );
        }
      } finally {
        await storeDb.destroy();
      }
      const resolveCase = cases.find(
        c => c.name === 'resolve (external token)',
      )!;
      if (!chosen('resolve with 10 searches running')) {
        record(results);
        continue;
      }
      const idleRounds: Measured[] = [];
      const loadedRounds: Measured[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        idleRounds.push(
          await load({
            ...resolveCase.load(backend.url),
            duration: roundSeconds,
          }),
        );
        const [loaded] = await Promise.all([
          load({ ...resolveCase.load(backend.url), duration: roundSeconds }),
          load({
            url: backend.url,
            connections: 10,
            duration: roundSeconds,
            headers: { authorization: `Bearer ${token}` },
            requests: [{ setupRequest: searchKeystrokes() }],
          }),
        ]);
        loadedRounds.push(loaded);
      }
      const underLoad = combine(loadedRounds);
      const idleP99 = combine(idleRounds).p99;
      rows.push({
        size,
        name: 'resolve with 10 searches running',
        kind: 'resolve-under-load',
        backend: underLoad,
        idleP99,
      });
      console.log(
        `[bench] ${size} resolve under search load: p99 ${underLoad.p99} ms (idle ${idleP99} ms)`,
      );
      // Written after every size: a run stopped during a long seed keeps the sizes it measured.
      record(results);
    }

    // Resolve under the PKCS#11 key provider against the keyring: its own section.
    if (!softHsmMissing() && !only) {
      writeKeyProvidersSection(
        await measureKeyProviders({
          bundleDir,
          scratch,
          port: port + 2,
          db,
          // Two backends on a shared machine: more, shorter alternations even out its load.
          rounds: quick ? 1 : 6,
          roundSeconds: 2,
        }),
      );
    }
    if (keysOnly) return;

    // Written before profiling: a failed profile never loses the measurements.
    record(results);
    if (profileDir) {
      const sections: string[] = [];
      try {
        // Each case alone under the profiler, at the largest size, on the same backend.
        const cases = await buildCases(
          backend.url,
          await userToken(backend.url),
          seeded,
          seeded,
        );
        let written = 0;
        for (const name of PROFILED.filter(chosen)) {
          const testCase = cases.find(c => c.name === name)!;
          await startProfile(profileDir, backend.process.pid!);
          const measured = await load({
            ...testCase.load(backend.url),
            duration: Math.max(duration, 8),
          });
          const file = await collectProfile(
            profileDir,
            backend.process.pid!,
            written++,
          );
          sections.push(
            `#### ${name} at ${seeded.toLocaleString('en-US')} (${Math.round(
              measured.reqPerSec,
            )} req/s under the profiler)\n\n${summarizeProfile(file)}`,
          );
        }
      } catch (error) {
        sections.push(`Profiling stopped: ${(error as Error).message}`);
      }
      const profile = sections.join('\n\n');
      console.log(profile);
      record({ ...results, profile });
    }
  } finally {
    await backend.stop();
    // --keep keeps the databases too, e.g. for `bench/explain.ts --database`.
    if (dbKind === 'pg' && !flag('--keep')) {
      const admin = pgAdmin();
      const { rows: dbs } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${tag}%`],
      );
      for (const { datname } of dbs)
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      await admin.destroy();
    }
    if (!flag('--keep')) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
