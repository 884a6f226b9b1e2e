/* eslint-disable no-console */
// Resolve under the PKCS#11 key provider (a SoftHSM2 token made here) against the
// built-in keyring, same run, same bundle: two backends side by side, each seeded
// the same way, measured in alternating rounds after a warm-up. After the warm-up
// both serve from unwrapped data keys in memory, so the goal is within 10%.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SoftHsmToken } from '../plugins/integrations-backend-module-pkcs11/src/__testUtils__/softHsm';
import {
  Database,
  EXTERNAL_TOKEN,
  RunningBackend,
  startBackend,
  userToken,
} from './backend';
import { combine, load, LoadOptions, Measured } from './load';
import { RESOLVE_PROJECT, seedThroughApi } from './seed';

const SEEDED = 200; // svc-42 (RESOLVE_PROJECT) is integrations 168-171
const DATA_KEY_CACHE_SECONDS = 300;

interface Side {
  name: 'keyring' | 'pkcs11';
  backend: RunningBackend;
  rounds: Measured[];
}

function resolveLoad(url: string): Omit<LoadOptions, 'duration'> {
  return {
    url: `${url}/api/integrations/resolve?project=${encodeURIComponent(
      RESOLVE_PROJECT,
    )}`,
    headers: { authorization: `Bearer ${EXTERNAL_TOKEN}` },
    connections: 10,
  };
}

export async function measureKeyProviders(options: {
  bundleDir: string;
  scratch: string;
  port: number;
  db: Database;
  rounds: number;
  roundSeconds: number;
}): Promise<string> {
  const hsm = new SoftHsmToken('integrations-bench', 'bench-hsm-pin');
  hsm.generateKey('bench-kek-1');
  const cache = `integrationsHub:\n  encryption:\n    dataKeyCacheSeconds: ${DATA_KEY_CACHE_SECONDS}\n`;
  const pkcs11Config = hsm.config('bench-kek-1', {
    reconnectIntervalSeconds: 5,
  });
  const sides: Side[] = [];
  const running: RunningBackend[] = [];
  const stopAll = async () => {
    for (let backend; (backend = running.pop()); ) await backend.stop();
  };
  try {
    for (const [index, name] of (['keyring', 'pkcs11'] as const).entries()) {
      const db: Database = {
        ...options.db,
        prefix: `${options.db.prefix}${name}_`,
        sqliteDir: path.join(options.scratch, `sqlite-${name}`),
      };
      fs.mkdirSync(db.sqliteDir, { recursive: true });
      const extraConfig =
        name === 'pkcs11'
          ? `${cache}    provider: pkcs11\n    pkcs11: ${JSON.stringify(
              pkcs11Config,
            )}\n`
          : cache;
      console.log(`[bench] key providers: starting the ${name} backend`);
      const backend = await startBackend({
        bundleDir: options.bundleDir,
        scratch: options.scratch,
        port: options.port + index,
        db,
        name,
        extraConfig,
        env:
          name === 'pkcs11'
            ? {
                INTEGRATIONS_KEYS_PKCS11: '1',
                SOFTHSM2_CONF: process.env.SOFTHSM2_CONF,
              }
            : {},
      });
      running.push(backend);
      sides.push({ name, backend, rounds: [] });
      await seedThroughApi(
        backend.url,
        await userToken(backend.url),
        0,
        SEEDED,
      );
    }
    for (const side of sides) {
      const warmUp = await load({
        ...resolveLoad(side.backend.url),
        duration: 1,
      });
      if (warmUp.errors > 0)
        throw new Error(`${side.name}: resolve failed during the warm-up`);
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const side of sides) {
        side.rounds.push(
          await load({
            ...resolveLoad(side.backend.url),
            duration: options.roundSeconds,
            pid: side.backend.process.pid,
          }),
        );
      }
    }
    return report(sides, options);
  } finally {
    await stopAll();
    hsm.dispose();
  }
}

function report(
  sides: Side[],
  options: { db: Database; rounds: number; roundSeconds: number },
): string {
  const [keyring, pkcs11] = sides.map(side => ({
    ...side,
    measured: combine(side.rounds),
  }));
  const ratio = pkcs11.measured.reqPerSec / keyring.measured.reqPerSec;
  // Rounds run in pairs a few seconds apart: the median pair evens out load swings.
  const pairs = keyring.rounds
    .map((round, i) => pkcs11.rounds[i].reqPerSec / round.reqPerSec)
    .sort((a, b) => a - b);
  const medianPair = pairs[Math.floor(pairs.length / 2)];
  const cpuRatio =
    (pkcs11.measured.cpuMsPerRequest ?? NaN) /
    (keyring.measured.cpuMsPerRequest ?? NaN);
  const loads = [...keyring.rounds, ...pkcs11.rounds].map(r => r.loadAverage);
  const row = (side: typeof keyring) =>
    `| ${side.name} | ${Math.round(side.measured.reqPerSec)} | ${
      side.measured.p50
    } | ${side.measured.p99} | ${side.measured.cpuMsPerRequest?.toFixed(3)} | ${
      side.measured.errors
    } | ${side.rounds.map(r => Math.round(r.reqPerSec)).join(' / ')} |`;
  const errors = keyring.measured.errors + pkcs11.measured.errors;
  return [
    '<!-- bench:keys:start -->',
    '## Key providers: resolve under PKCS#11 and under the keyring',
    '',
    `Run ${new Date().toISOString()} (${
      options.db.kind === 'pg' ? 'PostgreSQL' : 'SQLite'
    }), written by \`npm run bench\` (bench/keyProviders.ts). Two backends from the same production build side by side, each seeded with ${SEEDED} integrations through the API: one with the built-in keyring as key provider, one with \`provider: pkcs11\` and a SoftHSM2 token made by the bench (\`dataKeyCacheSeconds: ${DATA_KEY_CACHE_SECONDS}\` on both). \`GET /resolve?project=${RESOLVE_PROJECT}\` (4 integrations, 8 credentials) with the external token, 10 connections; after 1 s of warm-up each, ${
      options.rounds
    } alternating rounds of ${
      options.roundSeconds
    } s per side (req/s: mean of the rounds; p50 the median round's, p99 the worst round's).`,
    '',
    '| provider | req/s | p50 ms | p99 ms | CPU ms/req | errors | rounds req/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    row(keyring),
    row(pkcs11),
    '',
    `- PKCS#11 ÷ keyring (req/s): **${ratio.toFixed(3)}** — goal ≥ 0.90: ${
      ratio >= 0.9 && errors === 0 ? 'met' : 'NOT met'
    }. Median of the ${pairs.length} round pairs: ${medianPair.toFixed(
      3,
    )}. Backend CPU per resolve, PKCS#11 ÷ keyring: ${cpuRatio.toFixed(3)}.`,
    `- Machine: load average ${Math.min(...loads).toFixed(1)}–${Math.max(
      ...loads,
    ).toFixed(1)} on ${os.cpus().length} cores during the rounds.`,
    '<!-- bench:keys:end -->',
  ].join('\n');
}

/** Puts the section into bench/RESULTS.md in place of the previous one. */
export function writeKeyProvidersSection(section: string) {
  console.log(`\n${section}\n`);
  const file = path.join(__dirname, 'RESULTS.md');
  const doc = fs.readFileSync(file, 'utf8');
  const pattern = /<!-- bench:keys:start -->[\s\S]*<!-- bench:keys:end -->/;
  fs.writeFileSync(
    file,
    pattern.test(doc)
      ? doc.replace(pattern, section)
      : `${doc.trimEnd()}\n\n${section}\n`,
  );
}
