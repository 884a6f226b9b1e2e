import { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import { UsageIncrement, UsageStore } from '../store/UsageStore';

interface CredentialUse {
  integrationIds: string[];
  /** Who resolved: service principal subject or user entity ref. */
  consumer: string;
  project: string;
  at?: Date;
}

/**
 * Counts credential use in memory and writes it in aggregate: every key
 * (integration x consumer x project x day) is upserted at most once per flush
 * interval, and once more on shutdown. Resolve itself never writes.
 */
export class UsageRecorder {
  private pending = new Map<string, UsageIncrement>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  static create(options: {
    store: UsageStore;
    logger: LoggerService;
    lifecycle: LifecycleService;
    flushIntervalMs?: number;
  }): UsageRecorder {
    const recorder = new UsageRecorder(options.store, options.logger);
    recorder.start(options.flushIntervalMs ?? 60_000);
    options.lifecycle.addShutdownHook(() => recorder.stop());
    return recorder;
  }

  constructor(
    private readonly store: UsageStore,
    private readonly logger: LoggerService,
  ) {}

  /** Synchronous and free of I/O: safe on the hot path of resolve. */
  record(use: CredentialUse): void {
    const at = use.at ?? new Date();
    const day = at.toISOString().slice(0, 10);
    for (const integrationId of use.integrationIds) {
      const key = JSON.stringify([
        integrationId,
        use.consumer,
        use.project,
        day,
      ]);
      const entry = this.pending.get(key);
      if (entry) {
        entry.count += 1;
        if (at < entry.firstUsedAt) entry.firstUsedAt = at;
        if (at > entry.lastUsedAt) entry.lastUsedAt = at;
      } else {
        this.pending.set(key, {
          integrationId,
          consumer: use.consumer,
          project: use.project,
          day,
          count: 1,
          firstUsedAt: at,
          lastUsedAt: at,
        });
      }
    }
  }

  /** Writes what was counted since the last flush; on failure keeps it for the next one. */
  async flush(): Promise<void> {
    // One flush at a time, so a key is never written twice concurrently.
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.store
      .add([...batch.values()])
      .catch(error => {
        this.logger.warn(
          `Could not record credential usage (${batch.size} entries kept for the next attempt): ${error}`,
        );
        for (const [key, entry] of batch) this.merge(key, entry);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private start(intervalMs: number) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    // Never keep the process alive just to count.
    this.timer.unref();
  }

  private merge(key: string, entry: UsageIncrement) {
    const current = this.pending.get(key);
    if (!current) {
      this.pending.set(key, entry);
      return;
    }
    current.count += entry.count;
    if (entry.firstUsedAt < current.firstUsedAt)
      current.firstUsedAt = entry.firstUsedAt;
    if (entry.lastUsedAt > current.lastUsedAt)
      current.lastUsedAt = entry.lastUsedAt;
  }
}
