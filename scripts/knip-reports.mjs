// Unused exports, files and dependencies of each workspace package, found by knip (config:
// knip.jsonc) and written to <package>/knip-report.md, one committed report per package as
// Backstage keeps them. `--ci` writes nothing and fails when a report differs from the code.
// Locations leave out line numbers so that an edit elsewhere in a file leaves the report as it is.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
// Reports are Markdown the repository's Prettier check reads: write them as it would.
const prettier = createRequire(import.meta.url)('prettier');
const format = (path, text) =>
  prettier.format(text, {
    ...prettier.resolveConfig.sync(path),
    filepath: path,
  });
const ci = process.argv.includes('--ci');

const knip = join(root, 'node_modules/knip/bin/knip.js');
const raw = execFileSync(
  process.execPath,
  [
    knip,
    '--config',
    'knip.jsonc',
    '--reporter',
    'json',
    '--no-progress',
    '--no-exit-code',
    '--no-config-hints',
  ],
  { cwd: root, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
);
const { files, issues } = JSON.parse(raw);

const packageDirs = ['packages', 'plugins'].flatMap(group =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter(
      d =>
        d.isDirectory() &&
        existsSync(join(root, group, d.name, 'package.json')),
    )
    .map(d => `${group}/${d.name}`),
);
const ownerOf = file => packageDirs.find(dir => file.startsWith(`${dir}/`));

// What each knip issue type means, in the order the report lists them.
const SECTIONS = [
  ['files', 'Unused files'],
  ['dependencies', 'Unused dependencies'],
  ['devDependencies', 'Unused devDependencies'],
  ['optionalPeerDependencies', 'Referenced optional peerDependencies'],
  ['unlisted', 'Unlisted dependencies'],
  ['binaries', 'Unlisted binaries'],
  ['unresolved', 'Unresolved imports'],
  ['exports', 'Unused exports'],
  ['nsExports', 'Exports in used namespace'],
  ['types', 'Unused exported types'],
  ['nsTypes', 'Exported types in used namespace'],
  ['enumMembers', 'Unused exported enum members'],
  ['classMembers', 'Unused exported class members'],
  ['duplicates', 'Duplicate exports'],
];

const rows = new Map(); // package dir -> section -> Set of "| name | location |"
const outside = [];
const add = (file, section, name) => {
  const dir = ownerOf(file);
  if (!dir) {
    outside.push(`${section}: ${name} (${file})`);
    return;
  }
  if (!rows.has(dir)) rows.set(dir, new Map());
  const bySection = rows.get(dir);
  if (!bySection.has(section)) bySection.set(section, new Set());
  bySection.get(section).add(`| ${name} | ${relative(dir, file)} |`);
};

for (const file of files)
  add(file, 'files', relative(ownerOf(file) ?? '', file));
for (const issue of issues) {
  for (const [section] of SECTIONS) {
    const found = issue[section];
    if (!found) continue;
    // Enum and class members come keyed by their parent: { Parent: [{ name }] }.
    const list = Array.isArray(found)
      ? found
      : Object.entries(found).flatMap(([parent, members]) =>
          members.map(m => ({ ...m, name: `${parent}.${m.name}` })),
        );
    for (const item of list) {
      const name = Array.isArray(item)
        ? item.map(i => i.name).join(', ')
        : item.name;
      add(issue.file, section, name);
    }
  }
}

function report(dir) {
  const bySection = rows.get(dir);
  const lines = ['# Knip report', ''];
  if (!bySection) {
    lines.push('No unused exports, files or dependencies.', '');
    return lines.join('\n');
  }
  for (const [section, title] of SECTIONS) {
    const found = bySection.get(section);
    if (!found) continue;
    lines.push(
      `## ${title} (${found.size})`,
      '',
      '| Name | Location |',
      '| :--- | :------- |',
    );
    lines.push(...[...found].sort(), '');
  }
  return lines.join('\n');
}

const stale = [];
for (const dir of packageDirs) {
  const path = join(root, dir, 'knip-report.md');
  const want = format(path, report(dir));
  const have = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (have === want) continue;
  if (ci) stale.push(dir);
  else {
    writeFileSync(path, want);
    console.log(`knip report updated: ${dir}/knip-report.md`);
  }
}

if (outside.length > 0) {
  console.error(
    'knip found issues outside the packages (repo root scripts, e2e, bench):',
  );
  for (const line of outside) console.error(`  ${line}`);
}
if (stale.length > 0) {
  console.error(
    `knip reports out of date: ${stale.join(', ')}.\n` +
      'Run `npm run knip-reports`, then remove what they list as unused (or commit the reports if the change is meant).',
  );
}
if (outside.length > 0 || stale.length > 0) process.exit(1);
