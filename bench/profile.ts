// Where a CPU profile spends its time: self time by kind of work and by function.
import fs from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function owner(url: string) {
  if (url.startsWith('node:internal/crypto')) return 'jose';
  if (url.startsWith('node:')) return 'node';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const plugin = url.match(/\/(plugins|packages)\/([^/]+)\//);
  return plugin ? plugin[2] : url;
}

const KINDS: Array<[string, RegExp]> = [
  ['JWT signing and verification (jose, node crypto)', /^jose$/],
  [
    'database client (knex, pg, tarn)',
    /^(knex|pg|pg-protocol|pg-types|postgres-\w+|tarn|better-sqlite3)$/,
  ],
  [
    'request logging and auditor (winston)',
    /winston|logform|safe-stable-stringify|triple-beam/,
  ],
  [
    'request validation (OpenAPI validator, zod)',
    /express-openapi-validator|^zod$|^ajv|path-to-regexp|content-type/,
  ],
  ['permission client and backend', /plugin-permission|node-fetch|cross-fetch/],
  ['other Backstage (auth, HTTP router)', /^@backstage\//],
  ['integrations plugins (service, store, presenters)', /integrations/],
  ['node HTTP, sockets, streams', /^node$/],
];

function kindOf(owned: string) {
  if (!owned) return 'native / other';
  return (
    KINDS.find(([, pattern]) => pattern.test(owned))?.[0] ??
    'express and middleware, other packages'
  );
}

/** Self time of one profile by kind of work and the top functions, as Markdown. */
export function summarizeProfile(file: string, top = 10): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes: Node[] = profile.nodes;
  const byId = new Map(nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kinds = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples as number[]) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += 1;
    let kind: string;
    if (frame.functionName === '(garbage collector)')
      kind = 'garbage collection';
    else if (frame.url) kind = kindOf(owner(frame.url));
    else {
      // A native frame (a crypto job, a socket write) counts for the JavaScript that called it.
      let up = parent.get(id);
      while (up !== undefined && !byId.get(up)!.callFrame.url)
        up = parent.get(up);
      kind = kindOf(up === undefined ? '' : owner(byId.get(up)!.callFrame.url));
    }
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const name = `${frame.functionName || '(anonymous)'} (${
      frame.url ? owner(frame.url) : 'native'
    })`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
  }
  const rows = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, hits]) => `| ${name} | ${((100 * hits) / busy).toFixed(1)}% |`,
      );
  return [
    '| self time by kind of work | share of busy CPU |',
    '| --- | ---: |',
    ...rows(kinds, 12),
    '',
    '| self time by function | share |',
    '| --- | ---: |',
    ...rows(functions, top),
  ].join('\n');
}

/** Waits for the profile the hook writes after the second SIGUSR2. */
export async function collectProfile(dir: string, pid: number, before: number) {
  process.kill(pid, 'SIGUSR2');
  const file = path.join(dir, `p${before}.cpuprofile`);
  for (let i = 0; i < 600 && !fs.existsSync(file); i++)
    await new Promise(r => setTimeout(r, 100));
  return file;
}

/** Starts profiling in the backend (bench/profile-hook.js) and waits until it runs. */
export async function startProfile(dir: string, pid: number) {
  const started = path.join(dir, 'started');
  fs.rmSync(started, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(started); i++)
    await new Promise(r => setTimeout(r, 50));
}
