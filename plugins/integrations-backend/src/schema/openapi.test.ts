import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Keeps the document honest: every route the router serves is described, and nothing more.
describe('openapi.yaml', () => {
  it('describes exactly the routes of the router', () => {
    const spec = readFileSync(join(__dirname, 'openapi.yaml'), 'utf8');
    const documented = new Set<string>();
    let path = '';
    for (const line of spec.split('\n')) {
      const p = line.match(/^ {2}(\/\S*):$/);
      if (p) path = p[1].replace(/\{(\w+)\}/g, ':$1');
      const m = line.match(/^ {4}(get|post|put|delete):/);
      if (m && path) documented.add(`${m[1].toUpperCase()} ${path}`);
    }
    const router = readFileSync(join(__dirname, '..', 'router.ts'), 'utf8');
    const served = new Set(
      [...router.matchAll(/router\.(get|post|put|delete)\('([^']+)'/g)].map(
        ([, method, route]) => `${method.toUpperCase()} ${route}`,
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
  });
});
