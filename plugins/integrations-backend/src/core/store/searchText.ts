/** Between the parts of the search text: no search can contain it (control characters are dropped). */
const SEPARATOR = '\n';

/**
 * The normalised text a list search matches against: name, URLs and credential
 * KEYS (never values), lower-cased in JavaScript so SQLite and PostgreSQL agree
 * (SQLite's lower() only folds ASCII). migrations/20261124100000_search_index.js
 * backfills existing rows with the same rules.
 */
export function searchTextOf(input: {
  name: string;
  urls: Array<{ url: string }>;
  keys: string[];
}): string {
  return [input.name, ...input.urls.map(u => u.url), ...input.keys]
    .map(fold)
    .join(SEPARATOR);
}

/** The key the list sorts and pages by. */
export function sortNameOf(name: string): string {
  return fold(name);
}

/**
 * A LIKE pattern for a substring search, or undefined when nothing is left to
 * search for. `%`, `_` and `\` are matched literally (escape character `\`).
 */
export function searchPattern(q: string | undefined): string | undefined {
  const needle = searchNeedle(q);
  return needle ? likePattern(needle) : undefined;
}

/**
 * The search as an FTS5 phrase for SQLite's trigram table, or undefined when
 * it is shorter than a trigram (then only the LIKE applies). Inside a quoted
 * phrase every character is literal; quotes are doubled.
 */
export function trigramPhrase(q: string | undefined): string | undefined {
  const needle = searchNeedle(q);
  if (!needle || [...needle].length < 3) return undefined;
  return `"${needle.replace(/"/g, '""')}"`;
}

/**
 * A search of one or two characters, for PostgreSQL's search_grams index
 * (migrations/20261207120000_short_search_grams.js); undefined when longer
 * (pg_trgm serves those) or empty.
 */
export function shortSearch(q: string | undefined): string | undefined {
  const needle = searchNeedle(q);
  return needle && [...needle].length < 3 ? needle : undefined;
}

/** A LIKE pattern for a part of a search (likePart's answer). */
export function likePattern(part: string): string {
  return `%${part.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

const WORD = /[\p{L}\p{N}]/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]{3}$/;

/**
 * The trigrams pg_trgm's index looks up for LIKE '%part%': each run of letters
 * and digits, padded (two spaces before, one after) only on a side where the
 * part itself shows the run ends. Trigrams of non-ASCII characters, which
 * pg_trgm stores hashed, are left out (they count as rare).
 */
export function likeTrigrams(part: string): string[] {
  const chars = [...part];
  return [
    ...partTrigrams(
      chars,
      chars.map(c => WORD.test(c)),
      0,
      chars.length,
    ),
  ];
}

/** Searches longer than this are looked up whole. */
const MAX_PARTED = 64;
/** The longest part tried: past a few rare trigrams a longer part finds no fewer rows. */
const MAX_PART = 12;
/** Index entries (row pointers) in one page of a GIN posting list, roughly: what a page read is worth in rows. */
const ENTRIES_PER_PAGE = 2_000;

/**
 * The part of a 3+ character search that pg_trgm's index should look up,
 * given how often each trigram occurs (a share of the rows, trigramFrequency),
 * or undefined for the whole search. The index reads the entire posting list
 * of every trigram it is given, and trigrams that nearly every row has (`tok`,
 * `ken`, `api`) have posting lists as long as the table, while the rows found
 * are the ones with all trigrams. So the part minimises the pages of posting
 * lists read plus the rows it would find (assuming trigrams occur
 * independently); the whole search is then rechecked on those rows.
 */
export function likePart(
  q: string | undefined,
  frequency: (trigram: string) => number,
): string | undefined {
  const needle = searchNeedle(q);
  if (!needle) return undefined;
  const chars = [...needle];
  const n = chars.length;
  if (n < 3 || n > MAX_PARTED) return undefined;
  const word = chars.map(c => WORD.test(c));
  const cost = (trigrams: Iterable<string>) => {
    let read = 0;
    let found = 1;
    let any = false;
    for (const t of trigrams) {
      const f = frequency(t);
      read += f / ENTRIES_PER_PAGE;
      found *= f;
      any = true;
    }
    return any ? read + found : Infinity;
  };
  const whole = cost(likeTrigrams(needle));
  let best: { start: number; end: number; cost: number } | undefined;
  for (let start = 0; start < n; start++) {
    for (let end = start + 3; end <= Math.min(n, start + MAX_PART); end++) {
      if (start === 0 && end === n) continue;
      const c = cost(partTrigrams(chars, word, start, end));
      if (c < (best?.cost ?? whole)) best = { start, end, cost: c };
    }
  }
  // Worth a second condition only when it saves at least half.
  return best && best.cost < whole / 2
    ? chars.slice(best.start, best.end).join('')
    : undefined;
}

/** likeTrigrams(chars[start..end)), from the whole search's word flags. */
function partTrigrams(
  chars: string[],
  word: boolean[],
  start: number,
  end: number,
): Set<string> {
  const found = new Set<string>();
  for (let a = start; a < end; ) {
    if (!word[a]) {
      a += 1;
      continue;
    }
    let b = a;
    while (b < end && word[b]) b += 1;
    const padded = `${a > start ? '  ' : ''}${chars.slice(a, b).join('')}${
      b < end ? ' ' : ''
    }`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const trigram = padded.slice(i, i + 3);
      if (PRINTABLE_ASCII.test(trigram)) found.add(trigram);
    }
    a = b;
  }
  return found;
}

function searchNeedle(q: string | undefined): string | undefined {
  // Control characters never occur in a search: one could only match the separator.
  const needle = [...fold(q ?? '')].filter(c => c >= ' ').join('');
  return needle.trim() ? needle : undefined;
}

function fold(value: string): string {
  return value.toLocaleLowerCase('en-US');
}
