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
  if (!needle) return undefined;
  return `%${needle.replace(/[\\%_]/g, c => `\\${c}`)}%`;
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

function searchNeedle(q: string | undefined): string | undefined {
  // Control characters never occur in a search: one could only match the separator.
  const needle = [...fold(q ?? '')].filter(c => c >= ' ').join('');
  return needle.trim() ? needle : undefined;
}

function fold(value: string): string {
  return value.toLocaleLowerCase('en-US');
}
