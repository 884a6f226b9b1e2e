import { Knex } from 'knex';

/** Rows a sample reads: enough to tell a trigram in 1% of the rows from one in 10%. */
const SAMPLE_ROWS = 2_000;
/** A sample is reused this long; trigram shares move slowly. */
const MAX_AGE_MS = 10 * 60_000;

/**
 * How often each trigram of search_text occurs (PostgreSQL), from a sample of
 * the table's pages, for likePart. Sampled in the background when missing or
 * stale: a search never waits for it, and searches before the first sample
 * (or after a failed one) look up their whole text as before.
 */
export class TrigramStats {
  private lookup?: (trigram: string) => number;
  private sampledAt = -Infinity;
  private sampling = false;

  constructor(
    private readonly db: Knex,
    private readonly maxAgeMs = MAX_AGE_MS,
  ) {}

  /**
   * The share of rows with each trigram (unseen: half a row of the sample), or
   * undefined before the first sample; the same function until the next sample.
   */
  frequency(): ((trigram: string) => number) | undefined {
    if (Date.now() - this.sampledAt > this.maxAgeMs) this.refresh();
    return this.lookup;
  }

  /** Takes a sample now; resolves when it is in (failures leave the last one). */
  async refresh(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    this.sampledAt = Date.now();
    try {
      const [{ estimate }] = (
        await this.db.raw(
          "select greatest(reltuples, 0) as estimate from pg_class where oid = 'integrations'::regclass",
        )
      ).rows;
      // TABLESAMPLE SYSTEM reads whole pages: about SAMPLE_ROWS rows, never the table.
      const percent = Math.min(
        100,
        (100 * SAMPLE_ROWS) / Math.max(Number(estimate), 1),
      );
      const { rows } = await this.db.raw(
        `select t.trigram, count(*) as count, max(s.total) as total
           from (select search_text, count(*) over () as total
                   from integrations tablesample system (?)) s,
                unnest(show_trgm(s.search_text)) as t(trigram)
          group by t.trigram`,
        [percent],
      );
      const counts = new Map<string, number>(
        rows.map((r: { trigram: string; count: string }) => [
          r.trigram,
          Number(r.count),
        ]),
      );
      const total = rows.length ? Number(rows[0].total) : 0;
      // Too few rows to tell common from rare: keep looking the whole search up.
      this.lookup =
        total >= 100
          ? trigram => Math.max(counts.get(trigram) ?? 0, 0.5) / total
          : undefined;
    } catch {
      // The list works without: the next stale check tries again.
    } finally {
      this.sampling = false;
    }
  }
}
