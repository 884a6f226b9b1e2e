// autocannon runs and the bare express baseline beside them.
import { fork, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

export interface Measured {
  reqPerSec: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  total: number;
  /** CPU time of the measured process per request (ms), when its pid was given. */
  cpuMsPerRequest?: number;
  /** The machine's 1-minute load average when the run ended. */
  loadAverage: number;
}

/** user + system CPU time of a process in ms (Linux /proc). */
function cpuTimeMs(pid: number): number | undefined {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

export interface LoadOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  connections: number;
  duration: number;
  /** Called per request: path/body that vary (new names, rotating ids). */
  requests?: any[];
  body?: string;
  /** The server process, to report its CPU time per request. */
  pid?: number;
}

export async function load(options: LoadOptions): Promise<Measured> {
  const cpuBefore = options.pid ? cpuTimeMs(options.pid) : undefined;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.duration,
    requests: options.requests,
    timeout: 10,
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    // Non-2xx, socket errors and timeouts all count as errors.
    errors: result.errors + result.non2xx + result.timeouts,
    total: result.requests.total,
    cpuMsPerRequest:
      cpuBefore !== undefined && result.requests.total > 0
        ? (cpuTimeMs(options.pid!)! - cpuBefore) / result.requests.total
        : undefined,
    loadAverage: os.loadavg()[0],
  };
}

/**
 * Rounds of one case as one measurement: mean req/s, the median p50, the worst
 * p97.5 and p99 (no round's tail is hidden), errors and CPU over all rounds.
 */
export function combine(rounds: Measured[]): Measured {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const total = rounds.reduce((n, r) => n + r.total, 0);
  const cpu = rounds.every(r => r.cpuMsPerRequest !== undefined)
    ? rounds.reduce((n, r) => n + r.cpuMsPerRequest! * r.total, 0)
    : undefined;
  return {
    reqPerSec: rounds.reduce((n, r) => n + r.reqPerSec, 0) / rounds.length,
    p50: sorted(rounds.map(r => r.p50))[Math.floor(rounds.length / 2)],
    p975: Math.max(...rounds.map(r => r.p975)),
    p99: Math.max(...rounds.map(r => r.p99)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    total,
    cpuMsPerRequest: cpu !== undefined && total > 0 ? cpu / total : undefined,
    loadAverage: rounds[rounds.length - 1].loadAverage,
  };
}

/** A bare express server answering every request with one fixed JSON body. */
export async function startBaseline(
  scratch: string,
  port: number,
  body: unknown,
  status = 200,
): Promise<{ url: string; stop(): Promise<void> }> {
  const file = path.join(scratch, `baseline-${port}.json`);
  fs.writeFileSync(file, JSON.stringify(body));
  const child: ChildProcess = fork(path.join(__dirname, 'baseline-server.js'), [
    String(port),
    file,
    String(status),
  ]);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', code => reject(new Error(`baseline exited ${code}`)));
  });
  return {
    url: `http://localhost:${port}`,
    async stop() {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
