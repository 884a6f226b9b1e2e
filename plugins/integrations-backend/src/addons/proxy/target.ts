import { InputError } from '@backstage/errors';

/** Where a proxied call goes: the integration's base URL plus the caller's rest of path. */
interface ProxyTarget {
  url: URL;
  /** The rest of the path, decoded per segment, for matching the type's path patterns. */
  path: string;
}

const refuse = (why: string) =>
  new InputError(
    `path: ${why}; the proxy only calls below the integration's URL`,
  );

/**
 * Splits the raw rest of a proxy path into decoded segments, refusing every
 * form that could climb above the base path or leave its host: dot segments
 * (also percent-encoded), empty segments (`//host`), backslashes and encoded
 * slashes or backslashes, control characters. Checked on the raw text before
 * any URL parser normalizes it away.
 */
export function parseRestPath(raw: string): string[] {
  if (raw.length > 2048) throw refuse('is longer than 2048 characters');
  if (raw.includes('\\')) throw refuse('holds a backslash');
  if (/%(2f|5c)/i.test(raw))
    throw refuse('holds an encoded slash or backslash');
  if (raw === '') return [];
  const segments = raw.split('/');
  return segments.map((segment, index) => {
    if (segment === '') {
      // One trailing slash is a path of its own (`/items/`); `//` anywhere else is not.
      if (index === segments.length - 1 && index > 0) return '';
      throw refuse('holds an empty segment (//)');
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw refuse('holds an invalid percent-encoding');
    }
    if (decoded === '.' || decoded === '..')
      throw refuse('holds a dot segment');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(decoded)) {
      throw refuse('holds a control character');
    }
    return decoded;
  });
}

/**
 * Joins the base URL and the rest of the path (kept as the caller encoded
 * it), adds the query, and asserts the result has the base's origin and
 * lies below its path.
 */
export function proxyTarget(
  base: string,
  rawRest: string,
  rawQuery: string,
): ProxyTarget {
  const segments = parseRestPath(rawRest);
  const baseUrl = new URL(base);
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  const joined = new URL(baseUrl.origin);
  joined.pathname = `${basePath}/${rawRest}`;
  joined.search = rawQuery;
  if (
    joined.origin !== baseUrl.origin ||
    !`${joined.pathname}/`.startsWith(`${basePath}/`)
  ) {
    throw refuse('leaves the integration URL after joining');
  }
  return { url: joined, path: `/${segments.join('/')}` };
}

/**
 * A glob over decoded paths: `*` is one segment (or part of one), `**` any
 * rest. `/v1/models` matches itself, `/v1/chat/**` everything below.
 */
export function pathPattern(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*)/)
    .map(part => {
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}
