/**
 * List counts reused for a few seconds per filter, shared by concurrent
 * requests and forgotten on every write through the store: paging or typing
 * the same search again does not count again.
 */
export class CountsCache<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now = () => Date.now(),
  ) {}

  /** A write happened: nothing counted before it may be reused. */
  invalidate() {
    this.generation += 1;
    this.entries.clear();
  }

  async get(key: string, count: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) {
      try {
        return await hit.value;
      } catch {
        // The request that was counting went away or failed: count for this one.
      }
    }
    return this.load(key, count);
  }

  private load(key: string, count: () => Promise<T>): Promise<T> {
    const generation = this.generation;
    const entry = { at: this.now(), value: count() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.value.then(() => {
      // A write while counting: what was counted may predate it.
      if (generation !== this.generation) forget();
    }, forget);
    return entry.value;
  }
}
