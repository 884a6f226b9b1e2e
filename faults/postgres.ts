// A PostgreSQL cluster of the suite's own, on a free port, so the drills can
// stop and start it without touching the machine's shared server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

export interface OwnPostgres {
  port: number;
  dataDir: string;
  /** `fast` ends sessions cleanly, `immediate` is a crash without a checkpoint. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** A plain-SQL dump of one database into a file. */
  dump(database: string, file: string): void;
  /** Loads a plain-SQL dump into a new, empty database. */
  restore(database: string, file: string): void;
  admin(database?: string): Knex;
  /** Stops the server (if running) and removes its files. */
  destroy(): void;
}

function binDir() {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const dir = path.join(base, v, 'bin');
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new Error('initdb not found under /usr/lib/postgresql/*/bin');
}

/** initdb and pg_ctl refuse root: run them as the postgres user then. */
function runAs(cmd: string, args: string[], stdio: 'ignore' | 'pipe' = 'pipe') {
  const asRoot = process.getuid?.() === 0;
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], {
        stdio: ['ignore', stdio, stdio],
      })
    : spawnSync(cmd, args, { stdio: ['ignore', stdio, stdio] });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    throw new Error(`${path.basename(cmd)} failed: ${output.slice(-800)}`);
  }
  return String(result.stdout ?? '');
}

export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    const free = await new Promise<boolean>(resolve => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir();
  const port = await freePort(55432);
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'integrations-faults-pg-'),
  );
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  if (process.getuid?.() === 0) {
    spawnSync('chown', ['-R', 'postgres:postgres', root]);
  }
  const pgCtl = path.join(bin, 'pg_ctl');
  runAs(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
  ]);
  let running = false;
  const own: OwnPostgres = {
    port,
    dataDir,
    start() {
      runAs(pgCtl, [
        'start',
        '-w',
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        // Three backends of nine plugins each, every plugin with its own pool.
        `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off`,
      ]);
      running = true;
    },
    stop(mode = 'fast') {
      runAs(pgCtl, ['stop', '-w', '-D', dataDir, '-m', mode]);
      running = false;
    },
    dump(database, file) {
      const result = spawnSync(
        path.join(bin, 'pg_dump'),
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-f', file],
        { env: { ...process.env, PGDATABASE: database }, stdio: 'pipe' },
      );
      if (result.status !== 0)
        throw new Error(`pg_dump failed: ${result.stderr}`);
    },
    restore(database, file) {
      const psql = (db: string, args: string[]) => {
        const result = spawnSync(
          path.join(bin, 'psql'),
          [
            '-h',
            '127.0.0.1',
            '-p',
            String(port),
            '-U',
            'postgres',
            '-v',
            'ON_ERROR_STOP=1',
            '-q',
            '-d',
            db,
            ...args,
          ],
          { stdio: 'pipe' },
        );
        if (result.status !== 0)
          throw new Error(`psql failed: ${result.stderr}`);
      };
      psql('postgres', ['-c', `CREATE DATABASE "${database}"`]);
      psql(database, ['-f', file]);
    },
    admin(database = 'postgres') {
      return knexFactory({
        client: 'pg',
        connection: { host: '127.0.0.1', port, user: 'postgres', database },
        pool: { min: 0, max: 2 },
      });
    },
    destroy() {
      try {
        if (running) own.stop('immediate');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
  try {
    own.start();
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return own;
}
