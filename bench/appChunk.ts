// The Integrations page's JS chunk, read from the production build of packages/app
// that `backstage-cli package build` of the backend produces on its way.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export function appChunk(tree: string): ChunkSize | undefined {
  const dir = path.join(tree, 'packages/app/dist/static');
  if (!fs.existsSync(dir)) return undefined;
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.js')) continue;
    const content = fs.readFileSync(path.join(dir, file));
    // The page's empty state text is in its chunk and nowhere else.
    if (content.includes('No integrations yet')) {
      return {
        file: `packages/app/dist/static/${file}`,
        bytes: content.length,
        gzipBytes: zlib.gzipSync(content).length,
      };
    }
  }
  return undefined;
}
