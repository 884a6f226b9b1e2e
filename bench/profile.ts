// Where a CPU profile (node --cpu-prof) spends its time, by package and by function.
import fs from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function owner(url: string) {
  if (!url) return '(native / idle / gc)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const plugin = url.match(/\/(plugins|packages)\/([^/]+)\//);
  return plugin ? plugin[2] : url;
}

export function summarizeProfile(dir: string): string {
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter(f => f.endsWith('.cpuprofile'))
    : [];
  if (!files.length) return 'no CPU profile was written';
  const profile = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
  const nodes: Node[] = profile.nodes;
  const total = nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const who = owner(node.callFrame.url);
    byOwner.set(who, (byOwner.get(who) ?? 0) + hits);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${who})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, hits]) => `| ${name} | ${((100 * hits) / total).toFixed(1)}% |`,
      )
      .join('\n');
  return [
    '| self time by package | share |',
    '| --- | --- |',
    top(byOwner, 14),
    '',
    '| self time by function | share |',
    '| --- | --- |',
    top(byFunction, 14),
  ].join('\n');
}
