// Starts the portal on its e2e ports with an empty database, runs the
// end-to-end tests in Chromium against it, and stops everything it started.
import { spawn } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  rmSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const filters = process.argv.slice(2);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APP_URL = 'http://localhost:3017';
const BACKEND_URL = 'http://localhost:7017';
const dataDir = mkdtempSync(join(tmpdir(), 'integrations-e2e-'));
const artifacts = join(root, 'e2e-artifacts');
mkdirSync(artifacts, { recursive: true });
// Rights in a file of their own, which e2e/access.e2e.mjs rewrites while the portal runs:
// the backend watches its config files, so a changed right applies without a restart.
const rightsFile = join(dataDir, 'app-config.rights.yaml');
writeFileSync(
  rightsFile,
  'integrationsHub:\n  rights:\n    manageAll: [user:default/guest, group:default/platform-team]\n',
);

const portal = spawn(
  'npx',
  [
    'backstage-cli',
    'repo',
    'start',
    '--config',
    '../../app-config.yaml',
    '--config',
    '../../e2e/app-config.e2e.yaml',
    '--config',
    rightsFile,
  ],
  {
    cwd: root,
    detached: true, // own process group, so the whole tree stops together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      INTEGRATIONS_E2E_DATA_DIR: dataDir,
      BROWSER: 'none',
    },
  },
);
let portalLog = '';
portal.stdout.on('data', d => (portalLog += d));
portal.stderr.on('data', d => (portalLog += d));

function stopPortal() {
  try {
    process.kill(-portal.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
process.on('exit', stopPortal);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130));
}

async function waitFor(url, accept, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (portal.exitCode !== null)
      throw new Error(`portal exited early:\n${portalLog.slice(-4000)}`);
    try {
      const res = await fetch(url);
      if (accept(res.status)) return;
    } catch {
      /* not listening yet */
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${url}:\n${portalLog.slice(-4000)}`);
}

const started = Date.now();
try {
  await waitFor(
    `${BACKEND_URL}/.backstage/health/v1/readiness`,
    s => s === 200,
    240_000,
  );
  // 401 proves the Integrations API is mounted and refuses anonymous callers.
  await waitFor(
    `${BACKEND_URL}/api/integrations/types`,
    s => s === 401,
    30_000,
  );
  await waitFor(APP_URL, s => s === 200, 300_000);
  console.log(
    `[e2e] portal ready in ${Math.round((Date.now() - started) / 1000)} s`,
  );

  const tests = readdirSync(join(root, 'e2e'))
    .filter(f => f.endsWith('.e2e.mjs'))
    // `npm run test:e2e -- portal` runs only the files whose names contain an argument.
    .filter(f => !filters.length || filters.some(name => f.includes(name)))
    .sort()
    .map(f => join(root, 'e2e', f));
  const runner = spawn(
    process.execPath,
    ['--test', '--test-concurrency=1', ...tests],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        E2E_APP_URL: APP_URL,
        E2E_BACKEND_URL: BACKEND_URL,
        E2E_ARTIFACTS: artifacts,
        E2E_RIGHTS_FILE: rightsFile,
      },
    },
  );
  const code = await new Promise(resolve =>
    runner.on('exit', c => resolve(c ?? 1)),
  );
  if (code !== 0)
    console.error(`[e2e] portal log (tail):\n${portalLog.slice(-3000)}`);
  process.exitCode = code;
} catch (error) {
  console.error(`[e2e] ${error.message}`);
  process.exitCode = 1;
} finally {
  stopPortal();
  await new Promise(r => setTimeout(r, 1500));
  rmSync(dataDir, { recursive: true, force: true });
}
