// Replicas of the example backend on the suite's own PostgreSQL, started the
// bench's way (bench/backend.ts: its config, static token and guest sign-in),
// from the TypeScript sources of a tree copy, so no production build is needed.
import fs from 'node:fs';
import path from 'node:path';
import {
  DEV_KEY,
  EXTERNAL_TOKEN,
  RunningBackend,
  startBackend,
  userToken,
} from '../bench/backend';

export { DEV_KEY, EXTERNAL_TOKEN };

export interface Key {
  id: string;
  secret: string;
}

export interface Replica {
  name: string;
  url: string;
  pid: number;
  /** When it answered ready: its scheduled tasks were registered before, and wait their initial delay from there. */
  readyAt: number;
  logFile: string;
  backend: RunningBackend;
  /** SIGTERM, then SIGKILL after 20 s (the bench's stop). */
  stop(): Promise<void>;
  /** SIGKILL by the pid we spawned: no shutdown hooks run. */
  kill(): Promise<void>;
  alive(): boolean;
}

/**
 * A folder the bench's startBackend can run `node packages/backend` in: an
 * entry that loads the backend's sources through Backstage's Node transform.
 */
export function sourceEntry(treeDir: string, scratch: string) {
  const dir = path.join(scratch, 'entry');
  fs.mkdirSync(path.join(dir, 'packages/backend'), { recursive: true });
  // Backstage looks for the repository root from the working directory.
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'faults-entry', private: true }),
  );
  fs.writeFileSync(
    path.join(dir, 'packages/backend/index.js'),
    `require(${JSON.stringify(
      path.join(
        treeDir,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
    )});\nrequire(${JSON.stringify(
      path.join(treeDir, 'packages/backend/src/index.ts'),
    )});\n`,
  );
  return dir;
}

export interface ReplicaOptions {
  name: string;
  entryDir: string;
  scratch: string;
  port: number;
  pgPort: number;
  /** Databases are named <prefix><pluginId>; replicas of one deployment share it. */
  prefix: string;
  /** The keyring, primary first; the bench's dev key when not given. */
  keys?: Key[];
  /** Extra config as APP_CONFIG_* overrides (path with _ -> JSON value). */
  config?: Record<string, unknown>;
}

/**
 * The bench writes its own config file; what differs here (the PostgreSQL
 * port, the keyring) goes in as APP_CONFIG_* variables, which override files.
 * startBackend copies process.env into the child synchronously, before its
 * first await, so the variables are set only around that call.
 */
let starts = 0;

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  // A folder per start: the bench appends to one log and reads it for startup errors.
  const scratch = path.join(options.scratch, `${options.name}-${++starts}`);
  fs.mkdirSync(scratch, { recursive: true });
  const overrides: Record<string, string> = {
    APP_CONFIG_backend_database_connection_port: String(options.pgPort),
    APP_CONFIG_integrationsHub_encryption_keys: JSON.stringify(
      options.keys ?? [DEV_KEY],
    ),
  };
  for (const [key, value] of Object.entries(options.config ?? {}))
    overrides[`APP_CONFIG_${key}`] = JSON.stringify(value);
  const saved = Object.fromEntries(
    Object.keys(overrides).map(k => [k, process.env[k]]),
  );
  Object.assign(process.env, overrides);
  let starting: Promise<RunningBackend>;
  try {
    starting = startBackend({
      bundleDir: options.entryDir,
      scratch,
      port: options.port,
      db: { kind: 'pg', prefix: options.prefix, sqliteDir: scratch },
    });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const backend = await starting;
  const readyAt = Date.now();
  const child = backend.process;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>(resolve => {
    if (!alive()) resolve();
    else child.once('exit', () => resolve());
  });
  // The bench's stop closes the log file: once only.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= backend.stop());
  return {
    name: options.name,
    url: backend.url,
    pid: child.pid!,
    readyAt,
    logFile: backend.logFile,
    backend,
    stop,
    async kill() {
      if (alive()) process.kill(child.pid!, 'SIGKILL');
      await exited;
      await stop();
    },
    alive,
  };
}

export const headersFor = {
  resolver: { authorization: `Bearer ${EXTERNAL_TOKEN}` },
  user: (token: string) => ({
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  }),
};

export { userToken };
