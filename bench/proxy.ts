/* eslint-disable no-console */
// node --require @backstage/cli/config/nodeTransform.cjs bench/proxy.ts [--rounds n] [--seconds s]
//
// The proxy's overhead: the same local upstream called directly and through
// /api/integrations/proxy, in alternating rounds of the same run, at 1
// connection (added latency) and at 10 (throughput). Writes its section of
// bench/RESULTS.md.
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { combine, load, Measured } from './load';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : Number(fallback);
};
const ROUNDS = option('--rounds', '3');
const SECONDS = option('--seconds', '5');
const SECTION = '## Proxy overhead';

function start<T>(file: string, argv: string[], execArgv: string[] = []) {
  const child: ChildProcess = fork(path.join(__dirname, file), argv, {
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = new Promise<T>((resolve, reject) => {
    // Only our own message: the backend's libraries may send others.
    child.on('message', m => {
      if (m && typeof m === 'object' && 'ready' in m) resolve(m as T);
    });
    child.once('exit', code => reject(new Error(`${file} exited ${code}`)));
  });
  const stop = async () => {
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, ready, stop };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Latencies (ms, sub-millisecond) of `count` requests one after another on a kept-alive socket. */
async function sequential(
  url: string,
  headers: Record<string, string> | undefined,
  count: number,
  agent: http.Agent,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      http
        .get(url, { headers, agent }, res => {
          res.resume();
          res.on('end', () => resolve());
          if (res.statusCode !== 200) reject(new Error(`${res.statusCode}`));
        })
        .on('error', reject);
    });
    times.push(performance.now() - started);
  }
  return times;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

async function main() {
  const upstream = start<{ port: number }>('proxyUpstream.js', []);
  const { port } = await upstream.ready;
  const upstreamUrl = `http://127.0.0.1:${port}`;
  const backend = start<{ url: string; headers: Record<string, string> }>(
    'proxyBackend.ts',
    [upstreamUrl],
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      ...(process.env.PROXY_BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROXY_BENCH_PROFILE}`]
        : []),
    ],
  );
  try {
    const proxied = await backend.ready;
    const check = await fetch(`${proxied.url}/models`, {
      headers: proxied.headers,
    });
    if (check.status !== 200) throw new Error(`proxy answered ${check.status}`);
    const rows: string[] = [];
    // Added latency, finely: one request at a time, alternating blocks.
    const agent = new http.Agent({ keepAlive: true });
    const directTimes: number[] = [];
    const proxyTimes: number[] = [];
    await sequential(`${upstreamUrl}/v1/models`, undefined, 200, agent);
    await sequential(`${proxied.url}/models`, proxied.headers, 500, agent);
    for (let block = 0; block < ROUNDS * 2; block++) {
      directTimes.push(
        ...(await sequential(
          `${upstreamUrl}/v1/models`,
          undefined,
          500,
          agent,
        )),
      );
      proxyTimes.push(
        ...(await sequential(
          `${proxied.url}/models`,
          proxied.headers,
          500,
          agent,
        )),
      );
    }
    agent.destroy();
    const seq = (times: number[]) => ({
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      rps: 1000 / (times.reduce((a, b) => a + b, 0) / times.length),
    });
    const ds = seq(directTimes);
    const ps = seq(proxyTimes);
    const sequentialRows = [
      `| direct | ${directTimes.length} | ${fmt(ds.rps, 0)} | ${fmt(
        ds.p50,
        3,
      )} | ${fmt(ds.p99, 3)} |`,
      `| proxy | ${proxyTimes.length} | ${fmt(ps.rps, 0)} | ${fmt(
        ps.p50,
        3,
      )} | ${fmt(ps.p99, 3)} |`,
      `| added | | | **${fmt(ps.p50 - ds.p50, 3)}** | ${fmt(
        ps.p99 - ds.p99,
        3,
      )} |`,
    ];
    for (const connections of [1, 10]) {
      const direct: Measured[] = [];
      const viaProxy: Measured[] = [];
      const options = (url: string, headers?: Record<string, string>) => ({
        url,
        headers,
        connections,
        duration: SECONDS,
      });
      // Warm-up of both sides, then alternating rounds.
      await load({ ...options(`${upstreamUrl}/v1/models`), duration: 1 });
      await load({
        ...options(`${proxied.url}/models`, proxied.headers),
        duration: 2,
      });
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(await load(options(`${upstreamUrl}/v1/models`)));
        viaProxy.push(
          await load({
            ...options(`${proxied.url}/models`, proxied.headers),
            pid: backend.child.pid,
          }),
        );
        console.log(
          `[bench] proxy: ${connections} connection(s), round ${
            round + 1
          }/${ROUNDS}`,
        );
      }
      const d = combine(direct);
      const p = combine(viaProxy);
      rows.push(
        `| ${connections} | direct | ${fmt(d.reqPerSec, 0)} | ${fmt(
          d.p50,
        )} | ${fmt(d.p99)} | ${d.errors} | |`,
        `| ${connections} | proxy | ${fmt(p.reqPerSec, 0)} | ${fmt(
          p.p50,
        )} | ${fmt(p.p99)} | ${p.errors} | ${
          p.cpuMsPerRequest === undefined ? '' : fmt(p.cpuMsPerRequest, 3)
        } |`,
        `| ${connections} | added | ${fmt(
          p.reqPerSec - d.reqPerSec,
          0,
        )} | **${fmt(p.p50 - d.p50)}** | ${fmt(p.p99 - d.p99)} | | |`,
      );
    }
    const section = [
      `${SECTION} (run of ${new Date()
        .toISOString()
        .slice(0, 10)}, \`bench/proxy.ts\`)`,
      '',
      `The same local upstream (plain node http, a 1 KiB JSON body) called directly and through`,
      `\`/api/integrations/proxy/{id}/models\` (header auth template, redaction on, audit and usage on),`,
      `${ROUNDS} alternating rounds of ${SECONDS} s per side after a warm-up, autocannon in this process,`,
      `upstream and backend in their own processes on ${
        os.cpus().length
      } cores (load average ${fmt(
        os.loadavg()[0],
      )} at the end). The backend is the plugin in a test backend (mock auth, SQLite in memory, debug logs discarded):`,
      `no JWT verification, which a production backend adds to every request (see the floor above).`,
      '',
      'One request at a time (timed in this process, sub-millisecond), alternating blocks of 500:',
      '',
      '| side | requests | req/s | p50 ms | p99 ms |',
      '| --- | --- | --- | --- | --- |',
      ...sequentialRows,
      '',
      'Under load (autocannon, whole milliseconds):',
      '',
      '| connections | side | req/s | p50 ms | p99 ms | errors | backend CPU ms/req |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
    const file = path.join(__dirname, 'RESULTS.md');
    const text = fs.readFileSync(file, 'utf8');
    const start_ = text.indexOf(SECTION);
    let next: number;
    if (start_ >= 0) {
      const after = text.indexOf('\n## ', start_ + SECTION.length);
      next = after === -1 ? text.length : after + 1;
      fs.writeFileSync(
        file,
        `${text.slice(0, start_)}${section}\n${text.slice(next)}`,
      );
    } else {
      fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    }
    console.log(section);
  } finally {
    await backend.stop().catch(() => {});
    await upstream.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
