/* eslint-disable no-console */
// npm run faults [-- --ci] [--worktree] [--outage <s>] [--only outage,kill] [--table <file>] [--keep]
//
// Two replicas of the example backend on a PostgreSQL of the suite's own,
// faults injected while traffic runs, then checks. Prints one markdown table
// (docs/reliability.md keeps the one from a full run) and exits 1 when a
// check fails. --ci runs the bounded subset and gates only on checks that
// pass on today's backend (those marked open are reported, not gating).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scratchDir, snapshotTree } from '../bench/backend';
import { freePort, OwnPostgres, startOwnPostgres } from './postgres';
import { sourceEntry } from './replicas';
import { Row, Suite } from './suite';
import { outageDrill } from './drills/outage';
import { killDrill } from './drills/kill';
import { usageDrill } from './drills/usage';
import { rotationDrill } from './drills/rotation';
import { restoreDrill } from './drills/restore';
import { formatTable } from './table';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const ci = flag('--ci');
const outageSeconds = Number(option('--outage', ci ? '10' : '20'));
const only = option('--only', '');

async function main() {
  const begun = Date.now();
  const scratch = scratchDir();
  let pg: OwnPostgres | undefined;
  let suite: Suite | undefined;
  const rows: Row[] = [];
  let failure: unknown;
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: path.join(__dirname, '..'),
  })
    .toString()
    .trim();
  const tree = flag('--worktree')
    ? `the working tree on ${commit}`
    : `commit ${commit}`;
  // Ctrl-C or a CI timeout: PostgreSQL runs detached (pg_ctl), so stop it here too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const replica of suite?.started ?? []) {
        if (replica.alive()) process.kill(replica.pid, 'SIGKILL');
      }
      try {
        pg?.destroy();
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
        process.exit(130);
      }
    });
  }
  try {
    // The committed tree by default (the checkout is shared with work in progress).
    const entryDir = sourceEntry(
      snapshotTree(scratch, flag('--worktree')),
      scratch,
    );
    pg = await startOwnPostgres();
    const first = await freePort(7400 + (process.pid % 300));
    const ports = [first, await freePort(first + 1), await freePort(first + 2)];
    suite = new Suite(pg, {
      entryDir,
      scratch,
      prefix: `faults_${process.pid}_`,
      ports,
      ci,
    });
    console.log(
      `[faults] PostgreSQL on ${pg.port}; replicas on ${ports[0]} and ${ports[1]}; scratch ${scratch}`,
    );
    const t0 = Date.now();
    // One after the other: the first creates the databases and runs migrations.
    await suite.startSlot(0);
    console.log(
      `[faults] replica a up in ${Math.round((Date.now() - t0) / 1000)} s`,
    );
    await suite.startSlot(1);
    console.log(
      `[faults] replicas up in ${Math.round((Date.now() - t0) / 1000)} s`,
    );
    await suite.refreshToken();

    const drills: Array<[string, () => Promise<Row>]> = [
      ['outage', () => outageDrill(suite!, outageSeconds)],
      ['kill', () => killDrill(suite!)],
      ['usage', () => usageDrill(suite!)],
      ['rotation', () => rotationDrill(suite!)],
      ['restore', () => restoreDrill(suite!)],
    ];
    for (const [name, drill] of drills) {
      if (only && !only.split(',').includes(name)) continue;
      if (ci && name === 'rotation') continue;
      console.log(`[faults] drill: ${name}`);
      const row = await drill();
      rows.push(row);
      for (const c of row.checks)
        console.log(
          `[faults]   ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}${
            c.open ? ` (open finding ${c.open})` : ''
          }`,
        );
    }
  } catch (error) {
    failure = error;
  } finally {
    await suite?.stopAll();
    try {
      pg?.destroy();
    } catch (error) {
      console.error(`[faults] could not remove PostgreSQL: ${error}`);
    }
    if (!flag('--keep')) fs.rmSync(scratch, { recursive: true, force: true });
  }
  const table = `Run ${new Date()
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ')} UTC on ${tree}${
    ci ? ' (CI subset)' : ''
  }.\n\n${formatTable(rows)}`;
  console.log(`\n${table}`);
  const tableFile = option('--table', '');
  if (tableFile) fs.writeFileSync(path.resolve(tableFile), `${table}\n`);
  const checks = rows.flatMap(r => r.checks);
  const gating = checks.filter(c => !(ci && c.open));
  const failed = gating.filter(c => !c.ok);
  const fixed = checks.filter(c => c.open && c.ok);
  for (const c of fixed)
    console.log(
      `[faults] ${c.name} passes now: finding ${c.open} may be closed`,
    );
  console.log(
    `[faults] ${checks.length} checks, ${failed.length} failing${
      ci
        ? ` (CI subset: ${
            checks.length - gating.length
          } open findings not gating)`
        : ''
    }, ${Math.round((Date.now() - begun) / 1000)} s`,
  );
  if (failure) {
    console.error('[faults] the suite did not finish:', failure);
    process.exitCode = 1;
  } else if (failed.length > 0) {
    process.exitCode = 1;
  }
}

main();
