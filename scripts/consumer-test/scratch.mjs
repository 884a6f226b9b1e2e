// Helpers of run.sh for the scratch app's package.json files and lock.
//   node scratch.mjs pin <app dir>
//     every @integrations-hub/* spec, and a root override per packed tarball, as an absolute
//     file: path (npm resolves a relative override from each dependent's folder). The
//     template pins each @backstage/* package to the current release, exactly.
//   node scratch.mjs verify <app dir>
//     every @integrations-hub package installed once, from a tarball, the five among them.
//   node scratch.mjs duplicates <app dir>
//     no @backstage/* package nested under one of ours: our ranges take the app's copy.
import fs from 'node:fs';

const PREFIX = '@integrations-hub/backstage-plugin-';
const FIVE = [
  'integrations',
  'integrations-backend',
  'integrations-common',
  'integrations-node',
  'permission-backend-module-integrations-rights',
].map(s => PREFIX + s);

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));

function pin(app) {
  const tarball = name => `file:${app}/packs/${name.slice(PREFIX.length)}.tgz`;
  for (const rel of [
    'package.json',
    'packages/app/package.json',
    'packages/backend/package.json',
  ]) {
    const file = `${app}/${rel}`;
    const pkg = readJson(file);
    if (rel === 'package.json') {
      for (const tgz of fs.readdirSync(`${app}/packs`)) {
        pkg.overrides[PREFIX + tgz.replace(/\.tgz$/, '')] = '';
      }
    }
    for (const field of ['dependencies', 'devDependencies', 'overrides']) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        if (name.startsWith(PREFIX)) pkg[field][name] = tarball(name);
      }
    }
    fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }
}

function verify(app) {
  const lock = readJson(`${app}/package-lock.json`).packages;
  const ours = Object.entries(lock).filter(([p]) =>
    p.includes('node_modules/@integrations-hub/'),
  );
  const names = ours.map(([p]) => p.replace(/^node_modules\//, ''));
  const fromElsewhere = ours.filter(
    ([p, entry]) =>
      !/^node_modules\/@integrations-hub\/[^/]+$/.test(p) ||
      !String(entry.resolved).startsWith('file:'),
  );
  const missing = FIVE.filter(n => !names.includes(n));
  if (missing.length || fromElsewhere.length) {
    console.error(`[consumer] missing: ${JSON.stringify(missing)}`);
    console.error(
      `[consumer] not from a tarball or not deduplicated: ${JSON.stringify(
        fromElsewhere,
      )}`,
    );
    process.exit(1);
  }
  console.log(
    `[consumer] ${names.length} @integrations-hub packages installed from the tarballs, one copy each, ` +
      `among ${Object.keys(lock).length - 1} packages ok`,
  );
}

function duplicates(app) {
  const lock = readJson(`${app}/package-lock.json`).packages;
  const nested = Object.entries(lock)
    .filter(([p]) =>
      /node_modules\/@integrations-hub\/[^/]+\/node_modules\/@backstage\//.test(
        p,
      ),
    )
    .map(
      ([p, entry]) =>
        `${p.replace(/^.*node_modules\/@integrations-hub\//, '')}@${
          entry.version
        }`,
    );
  const versions = new Map();
  for (const [p, entry] of Object.entries(lock)) {
    const name = p.match(/node_modules\/(@backstage\/[^/]+)$/)?.[1];
    if (name)
      versions.set(
        name,
        new Set([...(versions.get(name) ?? []), entry.version]),
      );
  }
  const app157 = [
    'frontend-plugin-api',
    'plugin-catalog-react',
    'backend-plugin-api',
  ]
    .map(
      n =>
        `@backstage/${n} ${[...(versions.get(`@backstage/${n}`) ?? [])].join(
          '/',
        )}`,
    )
    .join(', ');
  if (nested.length) {
    console.error(
      `[consumer] @backstage packages nested under ours: ${nested.join(', ')}`,
    );
    process.exit(1);
  }
  console.log(
    `[consumer] 0 nested @backstage/* copies under our packages (the scratch app's lock); app on ${app157} ok`,
  );
}

const [command, ...args] = process.argv.slice(2);
if (command === 'pin') pin(...args);
else if (command === 'verify') verify(...args);
else if (command === 'duplicates') duplicates(...args);
else throw new Error(`unknown command ${command}`);
