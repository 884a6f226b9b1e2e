/* eslint-disable no-console */
// The table, the checks the issue asks for, and bench/RESULTS.md (one section per database).
import fs from 'node:fs';
import path from 'node:path';
import { ChunkSize } from './appChunk';
import { Measured } from './load';

export interface Row {
  size: number;
  name: string;
  kind: string;
  backend: Measured;
  baseline?: Measured;
  idleP99?: number;
  /** The same query through the plugin's store alone (bench/storeAlone.ts), calls/s. */
  storeAlone?: number;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (row: Row) =>
  row.baseline ? row.backend.reqPerSec / row.baseline.reqPerSec : undefined;
const FLOOR = 'types (framework floor)';
/** req/s as a share of the framework floor (`GET /types`) measured at the same size in the same run. */
const floorOf = (rows: Row[], row: Row) =>
  rows.find(r => r.size === row.size && r.name === FLOOR);
function floorRatio(rows: Row[], row: Row) {
  const floor = floorOf(rows, row);
  return floor && row.baseline
    ? row.backend.reqPerSec / floor.backend.reqPerSec
    : undefined;
}

/**
 * The share of the floor a case could reach if the plugin added nothing but
 * its store call to the framework's work: S / (F + S).
 */
function storeBound(rows: Row[], row: Row) {
  const floor = floorOf(rows, row);
  return floor && row.storeAlone
    ? row.storeAlone / (floor.backend.reqPerSec + row.storeAlone)
    : undefined;
}

/** Each list case and get beside its store call alone. */
function boundTable(rows: Row[]) {
  const lines = [
    '| size | case | store alone calls/s | bound ÷ floor | measured ÷ floor | measured ÷ bound |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const bound = storeBound(rows, row);
    const f = floorRatio(rows, row);
    if (bound === undefined || f === undefined) continue;
    lines.push(
      `| ${n(row.size)} | ${row.name} | ${n(row.storeAlone!)} | ${bound.toFixed(
        2,
      )} | ${f.toFixed(2)} | ${(f / bound).toFixed(2)} |`,
    );
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

export function table(rows: Row[]) {
  const lines = [
    '| size | case | req/s | p50 ms | p97.5 ms | p99 ms | errors | baseline req/s | ÷ baseline | ÷ floor | backend CPU ms/req | load avg |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const r = ratio(row);
    const f = floorRatio(rows, row);
    lines.push(
      `| ${n(row.size)} | ${row.name} | ${n(row.backend.reqPerSec)} | ${
        row.backend.p50
      } | ${row.backend.p975} | ${row.backend.p99} | ${row.backend.errors} | ${
        row.baseline ? n(row.baseline.reqPerSec) : '—'
      } | ${
        r === undefined
          ? row.idleP99 !== undefined
            ? `p99 ${(row.backend.p99 / Math.max(row.idleP99, 1)).toFixed(
                1,
              )}× idle`
            : '—'
          : r.toFixed(3)
      } | ${f === undefined ? '—' : f.toFixed(2)} | ${
        row.backend.cpuMsPerRequest?.toFixed(2) ?? '—'
      } | ${row.backend.loadAverage?.toFixed(1) ?? '—'} |`,
    );
  }
  return lines.join('\n');
}

function checks(rows: Row[]) {
  const sizes = [...new Set(rows.map(r => r.size))].sort((a, b) => a - b);
  const small = sizes[0];
  const at = (size: number, name: string) =>
    rows.find(r => r.size === size && r.name === name);
  const out: string[] = [];
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  // Every list and search case at every size past the first: ≥ 0.3 of the floor, p97.5 ≤ 1.5× the first size's.
  for (const size of sizes.filter(s => s > small))
    for (const row of rows.filter(r => r.size === size && r.kind === 'list')) {
      const before = at(small, row.name);
      const f = floorRatio(rows, row) ?? NaN;
      const growth = before
        ? row.backend.p975 / Math.max(before.backend.p975, 1)
        : NaN;
      const bound = storeBound(rows, row);
      out.push(
        `- ${mark(f >= 0.3 && growth <= 1.5)} ${row.name} at ${n(
          size,
        )}: ${f.toFixed(2)} of the floor (≥ 0.3${
          bound === undefined
            ? ''
            : `; store alone bounds it at ${bound.toFixed(2)}`
        }); p97.5 ${row.backend.p975} ms vs ${before?.backend.p975} ms at ${n(
          small,
        )} = ${growth.toFixed(2)}× (≤ 1.5×)`,
      );
    }
  for (const size of sizes.filter(s => s > small)) {
    const row = at(size, 'get one');
    const f = row && floorRatio(rows, row);
    const bound = row && storeBound(rows, row);
    if (f !== undefined)
      out.push(
        `- ${mark(f >= 0.75)} get one at ${n(size)}: ${f.toFixed(
          2,
        )} of the floor (≥ 0.75${
          bound === undefined
            ? ''
            : `; store alone bounds it at ${bound.toFixed(2)}`
        })`,
      );
  }
  // Resolve's cost per returned integration: (100 integrations - 10) / 90, per size.
  for (const size of sizes) {
    const ten = at(size, 'resolve, project of 10');
    const hundred = at(size, 'resolve, project of 100');
    if (ten && hundred)
      out.push(
        `- resolve at ${n(size)}: ${(
          (1000 / hundred.backend.reqPerSec - 1000 / ten.backend.reqPerSec) /
          90
        ).toFixed(
          3,
        )} ms per returned integration (1 / req/s, project of 100 minus project of 10, ÷ 90)`,
      );
  }
  for (const size of sizes) {
    const create = at(size, 'create (8 clients)');
    if (create)
      out.push(
        `- ${mark(create.backend.reqPerSec >= 300)} create at ${n(size)}: ${n(
          create.backend.reqPerSec,
        )}/s with 8 clients (≥ 300), ${create.backend.errors} errors`,
      );
    const loaded = at(size, 'resolve with 10 searches running');
    if (loaded && loaded.idleP99 !== undefined)
      out.push(
        `- ${mark(
          loaded.backend.p99 <= 2 * Math.max(loaded.idleP99, 1),
        )} resolve p99 with 10 searches running at ${n(size)}: ${
          loaded.backend.p99
        } ms vs ${loaded.idleP99} ms idle (≤ 2×)`,
      );
  }
  return out.join('\n');
}

export function writeResults(
  run: {
    db: 'pg' | 'sqlite';
    rows: Row[];
    chunk?: ChunkSize;
    notes: string[];
    quick: boolean;
    duration: number;
    cores: number;
    cpu: string;
    profile?: string;
  },
  into: 'file' | 'console' = 'file',
) {
  const label = run.db === 'pg' ? 'PostgreSQL' : 'SQLite';
  const section = [
    `<!-- bench:${run.db}:start -->`,
    `## ${label}${
      run.quick ? ' (quick smoke run: sizes too small to judge)' : ''
    }`,
    '',
    `Run ${new Date().toISOString()} on ${run.cores} cores (${run.cpu}), Node ${
      process.version
    }, ${
      run.duration
    } s per side and case, 10 connections (create and update: 8). Each case: both sides warmed up for 1 s, then the bare express baseline answering the same JSON and the backend in alternating rounds (${
      run.quick ? 'one round' : 'three rounds'
    }); req/s is the mean of the rounds, p97.5 and p99 the worst round's.`,
    '',
    table(run.rows),
    '',
    ...(boundTable(run.rows)
      ? [
          '### Below HTTP (bench/storeAlone.ts)',
          '',
          "Each list case and get through the plugin's store alone (its statement, rows parsed into records; no HTTP, no framework), 10 in flight in the bench's process while the backend idles. A request that adds only this work to the floor's answers at most S / (F + S) of the floor (S: store calls/s, F: floor req/s); `measured ÷ bound` is how close the plugin comes to that.",
          '',
          boundTable(run.rows),
          '',
        ]
      : []),
    run.chunk
      ? `Integrations page chunk: \`${run.chunk.file}\` ${n(
          run.chunk.bytes / 1024,
        )} KiB (${n(
          run.chunk.gzipBytes / 1024,
        )} KiB gzipped), from the production build of packages/app.`
      : 'Integrations page chunk: no production build of packages/app found.',
    '',
    '### Checks',
    checks(run.rows),
    '',
    ...run.notes.map(note => `- ${note}`),
    ...(run.profile
      ? [
          '',
          '### CPU profiles (`--profile`: each case alone, self time)',
          '',
          run.profile,
        ]
      : []),
    `<!-- bench:${run.db}:end -->`,
  ].join('\n');
  console.log(`\n${section}\n`);
  if (into === 'console') return;

  const file = path.join(__dirname, 'RESULTS.md');
  let doc = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench` (see README, "Benchmark"). Each database section is replaced by its latest run.\n';
  const pattern = new RegExp(
    `<!-- bench:${run.db}:start -->[\\s\\S]*<!-- bench:${run.db}:end -->`,
  );
  doc = pattern.test(doc)
    ? doc.replace(pattern, section)
    : `${doc.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, doc);
  console.log(`[bench] wrote ${path.relative(process.cwd(), file)}`);
}
