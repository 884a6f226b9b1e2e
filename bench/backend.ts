/* eslint-disable no-console */
// Builds packages/backend the production way (backstage-cli package build ->
// dist/bundle.tar.gz), unpacks the bundle outside the repo and starts it with
// NODE_ENV=production, as a Docker image would run it.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const EXTERNAL_TOKEN = 'bench-external-token-0123456789abcdef';
export const DEV_KEY = {
  id: 'bench-key',
  // The repository's dev-only key: the bench seeds nothing worth protecting.
  secret: 'ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=',
};
export const TYPES = [
  'ai',
  'telephony',
  'payments',
  'messaging',
  'monitoring',
  'other',
];

export function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
) {
  const result = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}`);
}

/**
 * A copy of the tree to build: the committed one (git archive HEAD) by
 * default, or the working tree's files (tracked and untracked, not ignored).
 * The repository is shared with work in progress; the bench builds its own copy.
 */
export function snapshotTree(scratch: string, workingTree: boolean) {
  const dir = path.join(scratch, 'tree');
  fs.mkdirSync(dir, { recursive: true });
  const archive = path.join(scratch, 'tree.tar');
  if (workingTree) {
    const list = spawnSync(
      'git',
      ['ls-files', '-z', '-co', '--exclude-standard'],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).stdout.toString('utf8');
    const files = list
      .split('\0')
      .filter(f => f && fs.existsSync(path.join(ROOT, f)));
    fs.writeFileSync(path.join(scratch, 'files.txt'), files.join('\0'));
    run(
      'tar',
      ['cf', archive, '--null', '-T', path.join(scratch, 'files.txt')],
      ROOT,
    );
  } else {
    run('git', ['archive', '--format=tar', '-o', archive, 'HEAD'], ROOT);
  }
  run('tar', ['xf', archive, '-C', dir], dir);
  // backstage-cli's bundler copies the lockfile it expects (Yarn's); this workspace uses npm.
  fs.writeFileSync(path.join(dir, 'yarn.lock'), '');
  linkNodeModules(dir);
  return dir;
}

/** Builds the backend bundle (and, through it, the app), unless told to reuse one. */
export function buildBackend(treeDir: string, scratch: string) {
  const bundle = path.join(treeDir, 'packages/backend/dist/bundle.tar.gz');
  console.log(
    `[bench] backstage-cli package build (packages/backend in ${treeDir}) ...`,
  );
  const started = Date.now();
  // The CLI builds bundled packages (the app) with `yarn run build`; this workspace uses npm.
  const bin = path.join(scratch, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'yarn'),
    '#!/bin/sh\n[ "$1" = run ] || exit 1\nshift; script=$1; shift\nexec npm run "$script" -- "$@"\n',
    { mode: 0o755 },
  );
  run(
    'npx',
    ['backstage-cli', 'package', 'build'],
    path.join(treeDir, 'packages/backend'),
    {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    },
  );
  console.log(
    `[bench] built in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return bundle;
}

/** Unpacks the bundle into the scratch folder, as a Docker image build would. */
export function unpackBundle(bundle: string, scratch: string) {
  const dir = path.join(scratch, 'bundle');
  fs.mkdirSync(dir, { recursive: true });
  run('tar', ['xzf', bundle, '-C', dir], dir);
  linkNodeModules(dir);
  return dir;
}

/**
 * node_modules for a copied workspace: its own packages (in a bundle, with
 * publish manifests: main -> dist) and the repository's third-party packages,
 * linked rather than installed again.
 */
function linkNodeModules(dir: string) {
  const workspace = new Map<string, string>();
  for (const group of ['packages', 'plugins']) {
    const base = path.join(dir, group);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) {
      const manifest = path.join(base, name, 'package.json');
      if (fs.existsSync(manifest))
        workspace.set(
          JSON.parse(fs.readFileSync(manifest, 'utf8')).name,
          path.join(base, name),
        );
    }
  }
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const rootModules = path.join(ROOT, 'node_modules');
  const names = [...workspace.keys()];
  for (const entry of fs.readdirSync(rootModules)) {
    if (entry.startsWith('.')) continue;
    const source = path.join(rootModules, entry);
    const ours = names.some(n => n === entry || n.startsWith(`${entry}/`));
    if (!ours) {
      fs.symlinkSync(source, path.join(modules, entry));
    } else if (!entry.startsWith('@')) {
      fs.symlinkSync(workspace.get(entry)!, path.join(modules, entry));
    } else {
      fs.mkdirSync(path.join(modules, entry));
      for (const child of fs.readdirSync(source)) {
        const name = `${entry}/${child}`;
        fs.symlinkSync(
          workspace.get(name) ?? path.join(source, child),
          path.join(modules, name),
        );
      }
    }
  }
  // The root's own bin links (backstage-cli) for builds inside the copy.
  if (!fs.existsSync(path.join(modules, '.bin')))
    fs.symlinkSync(path.join(rootModules, '.bin'), path.join(modules, '.bin'));
}

export interface Database {
  kind: 'pg' | 'sqlite';
  /** PostgreSQL: databases are named <prefix><pluginId>. */
  prefix: string;
  sqliteDir: string;
}

function benchConfig(port: number, db: Database) {
  const database =
    db.kind === 'pg'
      ? `  database:
    client: pg
    prefix: ${db.prefix}
    connection:
      host: 127.0.0.1
      port: 5432
      user: postgres`
      : `  database:
    client: better-sqlite3
    connection:
      directory: ${db.sqliteDir}`;
  return `app:
  title: Integrations bench
  baseUrl: http://localhost:${port}
organization:
  name: Bench
backend:
  baseUrl: http://localhost:${port}
  listen:
    port: ${port}
${database}
  auth:
    externalAccess:
      - type: static
        options:
          token: ${EXTERNAL_TOKEN}
          subject: bench-resolver
        accessRestrictions:
          - plugin: integrations
            permission: integrations.credential.use
auth:
  environment: production
  providers:
    guest:
      userEntityRef: user:default/guest
      # The bench signs in as a user the way the page does; never do this in a real portal.
      dangerouslyAllowOutsideDevelopment: true
catalog:
  rules:
    - allow: [Component, System, API, Resource, Location, User, Group, Domain]
  locations:
    - type: file
      target: ${path.join(ROOT, 'examples/org.yaml')}
permission:
  enabled: true
search:
  collators:
    integrations:
      # The example portal's in-memory (Lunr) search index of every integration is
      # another plugin's work: scheduled after the run so it does not land in one case.
      schedule:
        frequency: { hours: 24 }
        timeout: { hours: 1 }
        initialDelay: { hours: 24 }
integrationsHub:
  types:
${TYPES.map(t => `    - { id: ${t}, title: ${t}, icon: ${t} }`).join('\n')}
  encryption:
    keys:
      - id: ${DEV_KEY.id}
        secret: ${DEV_KEY.secret}
  rights:
    manageAll:
      - user:default/guest
`;
}

export interface RunningBackend {
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export async function startBackend(options: {
  bundleDir: string;
  scratch: string;
  port: number;
  db: Database;
  /** Profiles on demand: see bench/profile-hook.js (SIGUSR2 starts, the next one writes). */
  profileDir?: string;
  /** Names the config and log files of a second backend beside the first. */
  name?: string;
  /** More app-config (YAML), read after the bench's own. */
  extraConfig?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningBackend> {
  const suffix = options.name ? `.${options.name}` : '';
  const configFile = path.join(
    options.scratch,
    `app-config.bench${suffix}.yaml`,
  );
  fs.writeFileSync(configFile, benchConfig(options.port, options.db));
  const configArgs = ['--config', configFile];
  if (options.extraConfig) {
    const extraFile = path.join(
      options.scratch,
      `app-config.extra${suffix}.yaml`,
    );
    fs.writeFileSync(extraFile, options.extraConfig);
    configArgs.push('--config', extraFile);
  }
  const logFile = path.join(options.scratch, `backend${suffix}.log`);
  const log = fs.openSync(logFile, 'a');
  const nodeArgs = options.profileDir
    ? ['--require', path.join(__dirname, 'profile-hook.js')]
    : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, 'packages/backend', ...configArgs],
    {
      cwd: options.bundleDir,
      env: {
        ...process.env,
        ...options.env,
        NODE_ENV: 'production',
        CI: undefined,
        PROF_DIR: options.profileDir,
      },
      stdio: ['ignore', log, log],
    },
  );
  const url = `http://localhost:${options.port}`;
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`backend exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (
      Date.now() > deadline ||
      fs.readFileSync(logFile, 'utf8').includes('BackendStartupError')
    ) {
      child.kill('SIGKILL');
      throw new Error(`backend did not start; see ${logFile}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    url,
    process: child,
    logFile,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.closeSync(log);
    },
  };
}

/** A user token from the guest provider, as the page gets one at sign-in. */
export async function userToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh?env=production`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as any;
  return body.backstageIdentity.token;
}

export function scratchDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'integrations-bench-'));
}
