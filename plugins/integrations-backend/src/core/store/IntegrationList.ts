import { Knex } from 'knex';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ExpiryFilter, whereExpiry } from './expiryFilter';
import { whereUnhealthy } from './healthFilter';
import { UnusedCutoff, whereUnused } from './unusedFilter';
import { CountsCache } from './CountsCache';
import { applyFilter } from './permissionFilter';
import { decodeCursor, encodeCursor } from './cursor';
import { selectActivity, selectHydrated, toDisplayRecord } from './hydration';
import { GuardedQuery, QueryGuard, QueryGuardOptions } from './QueryGuard';
import {
  likePart,
  likePattern,
  searchPattern,
  shortSearch,
  trigramPhrase,
} from './searchText';
import { TrigramStats } from './TrigramStats';
import { DisplayRecord, IntegrationFilter } from './types';
import { valuesByKey } from '../crypto/valuesByKey';

export interface ListOptions {
  types?: string[];
  /** Substring of the name, a URL or a credential key (case-insensitive). */
  q?: string;
  project?: string;
  /** Only integrations whose last connection check failed. */
  health?: 'unhealthy';
  /** Only integrations nobody resolved since this cutoff. */
  unused?: UnusedCutoff;
  /** Only integrations with a credential expiring soon, or expired. */
  expiry?: ExpiryFilter;
  /** nextCursor of the previous page; the first page when absent. */
  cursor?: string;
  limit: number;
  /** From a CONDITIONAL permission decision; applied in SQL. */
  filter?: PermissionCriteria<IntegrationFilter>;
}

export interface ListPage {
  /** With their health and last use: what the page shows, from the same statement. */
  items: DisplayRecord[];
  /** Cursor of the page after this one; absent on the last page. */
  nextCursor?: string;
  /** Matching integrations (with the type filter); a lower bound when countsCapped. */
  totalCount: number;
  /** Matching integrations per type, ignoring the type filter itself. */
  typeCounts: Record<string, number>;
  /** True when counting stopped at COUNT_CAP: the counts are lower bounds. */
  countsCapped: boolean;
}

type Row = Record<string, any>;

/**
 * Counting stops here under a search, project or permission filter: past it the
 * page shows "1,000+" and a keystroke costs at most this many index entries.
 */
export const COUNT_CAP = 1000;
/** Counts (whole table, or bounded under a filter) are reused this long per filter. */
const COUNTS_TTL_MS = 5_000;

/**
 * How many names, one window after another, a capped search walks in name
 * order before it sorts its remaining matches instead. Growing windows step
 * over a cluster of non-matching names (every "Adyen Alerts" sorts before the
 * first "Adyen Billing") at the cost of the names walked; past the last one a
 * sort of the matches costs less than walking on.
 */
export const SEARCH_WINDOWS = [2_000, 16_000, 128_000];

type SearchPlan = 'index' | 'matches' | 'window';

interface Position {
  sortName: string;
  id: string;
}

interface Counts {
  typeCounts: Record<string, number>;
  countsCapped: boolean;
}

/** Four list queries at once, one while a resolve is in flight; 5 s each at most. */
export const LIST_GUARD: QueryGuardOptions = {
  maxConcurrent: 4,
  maxConcurrentWhileServing: 1,
  statementTimeoutMs: 5_000,
};

/** The list query: filters, keyset paging and bounded or cached counts. */
export class IntegrationList {
  private readonly guard: QueryGuard;
  private readonly counts = new CountsCache<Counts>(COUNTS_TTL_MS, 1_000);
  private readonly isPg: boolean;
  /** PostgreSQL: how common each trigram is, to look up the rarest part of a search. */
  readonly trigrams?: TrigramStats;
  private parts: {
    frequency?: (trigram: string) => number;
    byQuery: Map<string, string | undefined>;
  } = { byQuery: new Map() };

  constructor(
    private readonly db: Knex,
    guard: QueryGuardOptions = LIST_GUARD,
    private readonly searchWindows: readonly number[] = SEARCH_WINDOWS,
    /** false: look every search up whole (to compare plans). */
    searchParts = true,
  ) {
    this.guard = new QueryGuard(db, guard);
    this.isPg = db.client.config.client === 'pg';
    if (this.isPg && searchParts) this.trigrams = new TrigramStats(db);
  }

  /** Forget cached counts on a write through this store, and again once it commits. */
  invalidateCounts(tx?: Knex.Transaction) {
    const forget = () => this.counts.invalidate();
    forget();
    tx?.executionPromise.then(forget, () => {});
  }

  async list(options: ListOptions, signal?: AbortSignal): Promise<ListPage> {
    const after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const pattern = searchPattern(options.q);
    const unfiltered =
      !pattern &&
      !options.project &&
      !options.filter &&
      !options.health &&
      !options.unused &&
      !options.expiry;
    const projectOnly =
      options.project &&
      !pattern &&
      !options.filter &&
      !options.health &&
      !options.unused &&
      !options.expiry;
    // Counts ignore the type filter and the page: one entry per filter.
    const countsKey = JSON.stringify([
      pattern,
      options.project,
      options.health,
      options.unused,
      options.expiry,
      options.filter,
    ]);
    const wholeTable = unfiltered
      ? this.counts.get(countsKey, () => this.wholeTableCounts())
      : undefined;
    // Awaited inside the guard; a request that never gets there must not leave it unhandled.
    wholeTable?.catch(() => {});

    return this.guard.run(signal, async guarded => {
      const filtered = (withTypes: boolean, from?: Knex.QueryBuilder) =>
        this.filtered(options, pattern, withTypes, from);
      const counts = await (wholeTable ??
        this.counts.get(countsKey, () =>
          this.boundedCounts(
            guarded,
            projectOnly
              ? this.projectTypes(options.project!)
              : filtered(false).select('i.type'),
          ),
        ));
      // A project's list walks its own index; the order and cursors are the same.
      const order = options.project
        ? ['p.sort_name', 'p.integration_id']
        : ['i.sort_name', 'i.id'];
      // The page with its URLs, projects, credentials, health and last use: one statement.
      // `window`: only among the next `size` names after `from`.
      const page = (
        plan: SearchPlan,
        from = after,
        size = 0,
      ): Promise<Row[]> => {
        const query = selectActivity(
          this.db,
          selectHydrated(
            this.db,
            filtered(
              true,
              plan === 'window' ? this.window(from, size) : undefined,
            ),
          ),
        ).limit(options.limit + 1);
        // A PostgreSQL window in its own (index) order, so no plan walks `i` by name instead.
        const [sortName, id] =
          plan === 'window' && this.isPg ? ['w.sort_name', 'w.id'] : order;
        if (plan === 'matches') {
          // An expression PostgreSQL cannot read from the name index: it sorts the matches.
          query.orderByRaw(`${sortName} || '' asc, ${id} asc`);
        } else {
          query.orderBy([
            { column: sortName, order: 'asc' },
            { column: id, order: 'asc' },
          ]);
        }
        if (from)
          query.whereRaw(`(${sortName}, ${id}) > (?, ?)`, [
            from.sortName,
            from.id,
          ]);
        return guarded(query);
      };
      const plan = this.searchPlan(options, pattern, counts.countsCapped);
      const rows =
        plan === 'window'
          ? await this.walk(guarded, page, after, options.limit + 1)
          : await page(plan);
      const more = rows.length > options.limit;
      const pageRows = rows.slice(0, options.limit);
      const last = pageRows[pageRows.length - 1];

      let totalCount = options.types?.length
        ? options.types.reduce((n, t) => n + (counts.typeCounts[t] ?? 0), 0)
        : Object.values(counts.typeCounts).reduce((n, c) => n + c, 0);
      if (counts.countsCapped && options.types?.length)
        totalCount = await this.boundedTotal(guarded, filtered(true));

      return {
        items: pageRows.map(toDisplayRecord),
        nextCursor:
          more && last
            ? encodeCursor({ sortName: last.sort_name, id: last.id })
            : undefined,
        totalCount,
        typeCounts: counts.typeCounts,
        countsCapped: counts.countsCapped,
      };
    });
  }

  /**
   * How a search page is read where an index finds the matches (pg_trgm on
   * PostgreSQL, the trigram table on SQLite for 3+ characters). A planner
   * walking the name index reads most of the table when matches are few or
   * cluster (every "twilio" sorts late). With at most COUNT_CAP matches (known
   * from the bounded count) it sorts the matches; with more, it walks the
   * names in growing windows first (walk).
   */
  private searchPlan(
    options: ListOptions,
    pattern: string | undefined,
    capped: boolean,
  ): SearchPlan {
    if (!pattern || options.project) return 'index';
    if (!this.isPg && !trigramPhrase(options.q)) return 'index';
    return capped ? 'window' : 'matches';
  }

  /**
   * A capped search's page: window after window of names (each the next in
   * SEARCH_WINDOWS), until `wanted` matches are found; then, if still short, a
   * sort of the matches after the last window. Every step is bounded by its
   * window or by the number of matches, never by a walk of the whole table.
   */
  private async walk(
    guarded: GuardedQuery,
    page: (plan: SearchPlan, from?: Position, size?: number) => Promise<Row[]>,
    after: Position | undefined,
    wanted: number,
  ): Promise<Row[]> {
    const found: Row[] = [];
    let from = after;
    for (const size of this.searchWindows) {
      found.push(...(await page('window', from, size)));
      if (found.length >= wanted) return found.slice(0, wanted);
      // Where this window ended, from the name index alone; none: the table ended in it.
      const [end]: Row[] = await guarded(this.windowEnd(from, size));
      if (!end) return found;
      from = { sortName: end.sort_name, id: end.id };
    }
    found.push(...(await page('matches', from)));
    return found.slice(0, wanted);
  }

  /**
   * The next `size` integrations in name order after `from`, as `i`. On
   * PostgreSQL the names come from integrations_sort_search_idx alone, as `w`
   * with their search_short, and only the window's matches are joined to the
   * table (filtered, `window`), so a window costs index pages, not a heap
   * page per name.
   */
  private window(from: Position | undefined, size: number) {
    const next = this.db('integrations')
      .select(this.isPg ? ['id', 'sort_name', 'search_short'] : '*')
      .orderBy([
        { column: 'sort_name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(size);
    if (from)
      next.whereRaw('(sort_name, id) > (?, ?)', [from.sortName, from.id]);
    if (!this.isPg) return this.db.from(next.as('i'));
    return this.db.from(next.as('w')).join('integrations as i', 'i.id', 'w.id');
  }

  /** The last name of window(from, size); absent when the table ends before it. */
  private windowEnd(from: Position | undefined, size: number) {
    const end = this.db('integrations')
      .select('sort_name', 'id')
      .orderBy([
        { column: 'sort_name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .offset(size - 1)
      .limit(1);
    if (from)
      end.whereRaw('(sort_name, id) > (?, ?)', [from.sortName, from.id]);
    return end;
  }

  private filtered(
    options: ListOptions,
    pattern: string | undefined,
    withTypes: boolean,
    from?: Knex.QueryBuilder,
  ) {
    const db = this.db;
    const query = from ?? this.source(options);
    if (withTypes && options.types?.length)
      query.whereIn('i.type', options.types);
    if (options.health === 'unhealthy') whereUnhealthy(db, query);
    if (options.unused) whereUnused(db, query, options.unused);
    if (options.expiry) whereExpiry(db, query, options.expiry);
    // PostgreSQL, a window (window()): its names' search_short tests the search
    // index-only; the rows that pass (or whose text was too long to copy) are
    // checked whole, by an expression no index serves, so the plan stays the walk.
    const windowed = this.isPg && from !== undefined;
    if (pattern && windowed) {
      query.whereRaw(
        `(w.search_short like ? escape '\\' or w.search_short is null)`,
        [pattern],
      );
      query.whereRaw(`(i.search_text || '') like ? escape '\\'`, [pattern]);
    }
    // PostgreSQL: a one- or two-character search finds its rows by the pieces' index.
    const short = this.isPg && !windowed ? shortSearch(options.q) : undefined;
    // PostgreSQL: the trigram index looks up the search's rarest part, when that reads far less.
    const part =
      pattern && !short && !windowed ? this.partOf(options.q!) : undefined;
    if (windowed) {
      // Tested above, on search_short first.
    } else if (pattern && part) {
      query.whereRaw(`i.search_text like ? escape '\\'`, [likePattern(part)]);
      // The whole search on the rows found: an expression the index does not serve.
      query.whereRaw(`(i.search_text || '') like ? escape '\\'`, [pattern]);
    } else if (pattern) {
      // One LIKE on the normalised column: served by the trigram index on PostgreSQL.
      query.whereRaw(`i.search_text like ? escape '\\'`, [pattern]);
    }
    if (short) query.whereRaw('i.search_grams @> array[?]::text[]', [short]);
    // SQLite: the trigram table narrows to candidates first; the LIKE above stays exact.
    const phrase = this.isPg ? undefined : trigramPhrase(options.q);
    if (phrase) {
      query.whereIn(
        'i.id',
        db('integrations_search')
          .join(
            'integrations_search_rows as r',
            'r.search_rowid',
            'integrations_search.rowid',
          )
          .whereRaw('integrations_search match ?', [phrase])
          .select('r.integration_id'),
      );
    }
    if (options.filter) applyFilter(db, query, options.filter);
    return query;
  }

  /** likePart under the latest trigram sample, remembered per search until the next sample. */
  private partOf(q: string): string | undefined {
    const frequency = this.trigrams?.frequency();
    if (!frequency) return undefined;
    if (this.parts.frequency !== frequency || this.parts.byQuery.size >= 1_000)
      this.parts = { frequency, byQuery: new Map() };
    const { byQuery } = this.parts;
    if (!byQuery.has(q)) byQuery.set(q, likePart(q, frequency));
    return byQuery.get(q);
  }

  /** A project filter starts from the project's assignments, in name order by their index. */
  private source(options: ListOptions): Knex.QueryBuilder {
    if (!options.project) return this.db('integrations as i');
    return this.db('integration_projects as p')
      .join('integrations as i', 'i.id', 'p.integration_id')
      .where('p.entity_ref', options.project);
  }

  /**
   * A project's assignments, each with its integration's type read by id. As a
   * join PostgreSQL hashes the whole integrations table for a project of a
   * thousand (29 ms at 100k); this costs one index lookup per assignment.
   */
  private projectTypes(project: string) {
    return this.db('integration_projects as p')
      .where('p.entity_ref', project)
      .select(
        this.db.raw(
          '(select i.type from integrations i where i.id = p.integration_id) as type',
        ),
      );
  }

  /** Per-type counts over at most COUNT_CAP + 1 matching rows (the query selects `type`). */
  private async boundedCounts(guarded: GuardedQuery, query: Knex.QueryBuilder) {
    const rows: Row[] = await guarded(
      this.db
        .from(query.limit(COUNT_CAP + 1).as('m'))
        .select('m.type')
        .count({ count: '*' })
        .groupBy('m.type'),
    );
    const typeCounts = valuesByKey<number>(
      rows.map(row => [row.type, Number(row.count)]),
    );
    const seen = rows.reduce((n, row) => n + Number(row.count), 0);
    return { typeCounts, countsCapped: seen > COUNT_CAP };
  }

  private async boundedTotal(guarded: GuardedQuery, query: Knex.QueryBuilder) {
    const [row] = await guarded(
      this.db
        .from(
          query
            .select(this.db.raw('1 as one'))
            .limit(COUNT_CAP + 1)
            .as('m'),
        )
        .count({ count: '*' }),
    );
    return Math.min(Number(row.count), COUNT_CAP);
  }

  /** Exact per-type counts of the whole table (an index-only GROUP BY). */
  private async wholeTableCounts(): Promise<Counts> {
    const rows: Row[] = await this.db('integrations')
      .select('type')
      .count({ count: '*' })
      .groupBy('type');
    return {
      typeCounts: valuesByKey(rows.map(r => [r.type, Number(r.count)])),
      countsCapped: false,
    };
  }
}
