import { randomBytes, randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { IntegrationsKeyProvider } from '@integrations-hub/backstage-plugin-integrations-node';
import { DataKeysStore, StoredDataKey } from '../store/DataKeysStore';
import { KeyProviders } from './keyProviders';

const DATA_KEY_BYTES = 32;
const REWRAP_BATCH = 100;

/** A data key that will never open: not stored, its provider not installed, or rejected by it. */
export class DataKeyRejectedError extends Error {
  name = 'DataKeyRejectedError';
}

/** Recognised by name, so a second copy of the node package works too. */
const isRejected = (error: unknown) =>
  (error as Error | undefined)?.name === 'IntegrationsKeyRejectedError';

interface Cached {
  key: Buffer;
  expiresAt: number;
}

/**
 * Data keys for sealing and opening credential values. Each is stored only
 * wrapped by a key provider; unwrapped ones are kept in memory for
 * `cacheMs` at most, so resolve does not call the provider per request and a
 * provider outage shows within that bound. A provider that is down makes
 * opening answer 503 naming it (once the cached key expires); one that
 * rejects a key makes the values under it fail as not opening.
 */
export class DataKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<Buffer>>();
  private sealing?: Promise<StoredDataKey>;
  private sealingFor = '';
  private readonly down = new Set<string>();

  constructor(
    private readonly options: {
      store: DataKeysStore;
      providers: KeyProviders;
      logger: LoggerService;
      cacheMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** The data key new values are sealed under: the newest under the active KEK, or a new one. */
  async forSealing(): Promise<{ id: string; key: Buffer }> {
    const provider = this.options.providers.active;
    const under = `${provider.id}:${provider.activeKeyId()}`;
    if (under !== this.sealingFor) {
      // The KEK changed (rotation): nothing unwrapped under the old one is kept.
      if (this.sealingFor) this.dropCache();
      this.sealingFor = under;
      this.sealing = undefined;
    }
    if (!this.sealing) {
      this.sealing = this.pickSealingKey(provider);
      this.sealing.catch(() => {
        this.sealing = undefined;
      });
    }
    const stored = await this.sealing;
    return { id: stored.id, key: await this.get(stored.id) };
  }

  private async pickSealingKey(
    provider: IntegrationsKeyProvider,
  ): Promise<StoredDataKey> {
    const { store } = this.options;
    const newest = await store.newestUnder(provider.id, provider.activeKeyId());
    if (newest) {
      try {
        await this.get(newest.id);
        return newest;
      } catch (error) {
        if (!(error instanceof DataKeyRejectedError)) throw error;
        // Never seal under a key this KEK cannot open (a key id reused with another secret).
        this.options.logger.warn(
          `Integrations: data key ${newest.id} does not unwrap under key "${newest.kekId}" of key provider "${provider.id}" (${error.message}); sealing under a new data key`,
        );
      }
    }
    const id = randomUUID();
    const key = randomBytes(DATA_KEY_BYTES);
    const wrapped = await this.call(provider, () =>
      provider.wrapKey(key, { dataKeyId: id }),
    );
    const created = {
      id,
      provider: provider.id,
      kekId: wrapped.keyId,
      wrapped: wrapped.wrapped,
    };
    await store.insert(created, new Date(this.now()));
    this.remember(id, key);
    this.options.logger.info(
      `Integrations: new data key ${id} wrapped by key provider "${provider.id}" under key "${wrapped.keyId}"`,
    );
    return { ...created, createdAt: new Date(this.now()) };
  }

  /** An unwrapped data key: from memory while fresh, else unwrapped by its provider (once for concurrent callers). */
  async get(id: string): Promise<Buffer> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > this.now()) return cached.key;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.unwrap(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** Describes a data key for an error message: its provider and KEK, never material. */
  async describe(id: string): Promise<string> {
    const stored = await this.options.store.get(id);
    return stored
      ? `data key "${id}" wrapped by key provider "${stored.provider}" under key "${stored.kekId}"`
      : `data key "${id}"`;
  }

  private async unwrap(id: string): Promise<Buffer> {
    this.sweep();
    const stored = await this.options.store.get(id);
    if (!stored) {
      throw new DataKeyRejectedError(`data key "${id}" is not in the database`);
    }
    const key = await this.unwrapStored(stored);
    this.remember(id, key);
    return key;
  }

  private async unwrapStored(stored: StoredDataKey): Promise<Buffer> {
    const provider = this.options.providers.get(stored.provider);
    if (!provider) {
      throw new DataKeyRejectedError(
        `data key "${stored.id}" was wrapped by key provider "${stored.provider}", which is not installed`,
      );
    }
    const key = await this.call(provider, () =>
      provider.unwrapKey(
        { keyId: stored.kekId, wrapped: stored.wrapped },
        { dataKeyId: stored.id },
      ),
    );
    if (key.length !== DATA_KEY_BYTES) {
      throw new DataKeyRejectedError(
        `key provider "${provider.id}" returned a data key of ${key.length} bytes for "${stored.id}"`,
      );
    }
    return key;
  }

  /**
   * Calls a provider: a rejection stays a rejection; anything else is an
   * outage, logged once until the provider answers again, and a 503 for the caller.
   */
  private async call<T>(
    provider: IntegrationsKeyProvider,
    fn: () => Promise<T>,
  ): Promise<T> {
    const { logger } = this.options;
    try {
      const result = await fn();
      if (this.down.delete(provider.id)) {
        logger.info(
          `Integrations: key provider "${provider.id}" answers again; credentials open again`,
        );
      }
      return result;
    } catch (error) {
      if (isRejected(error)) {
        throw new DataKeyRejectedError((error as Error).message);
      }
      if (!this.down.has(provider.id)) {
        this.down.add(provider.id);
        // The provider's message names keys, never material; no stack.
        logger.error(
          `Integrations: key provider "${provider.id}" is unavailable: ${
            (error as Error)?.message ?? String(error)
          }; resolve and reveal answer 503 once cached data keys expire`,
        );
      }
      throw new ServiceUnavailableError(
        `Key provider "${provider.id}" is unavailable, so stored credentials cannot be opened; retry in a few seconds`,
      );
    }
  }

  /**
   * KEK rotation: rewraps every data key not under the active provider's
   * active KEK (another KEK, or another provider when moving between them).
   * Credential rows are not touched. Returns how many were rewrapped.
   */
  async rewrap(): Promise<number> {
    const { store, providers, logger } = this.options;
    const active = providers.active;
    const kekId = active.activeKeyId();
    let rewrapped = 0;
    const skipped = new Set<string>();
    for (;;) {
      const batch = (
        await store.listNotUnder(active.id, kekId, REWRAP_BATCH + skipped.size)
      ).filter(k => !skipped.has(k.id));
      for (const stored of batch) {
        let key: Buffer;
        try {
          key = await this.unwrapStored(stored);
        } catch (error) {
          if (!(error instanceof DataKeyRejectedError)) throw error;
          logger.error(
            `Integrations: ${await this.describe(stored.id)} does not unwrap (${
              error.message
            }); the values under it do not open`,
          );
          skipped.add(stored.id);
          continue;
        }
        const next = await this.call(active, () =>
          active.wrapKey(key, { dataKeyId: stored.id }),
        );
        const swapped = await store.replaceWrapped(
          stored.id,
          stored.wrapped,
          { provider: active.id, kekId: next.keyId, wrapped: next.wrapped },
          new Date(this.now()),
        );
        if (swapped) rewrapped += 1;
        // A provider naming its KEK otherwise than activeKeyId() is not listed again.
        if (!swapped || next.keyId !== kekId) skipped.add(stored.id);
      }
      if (batch.length === 0) break;
    }
    if (rewrapped > 0) this.dropCache();
    return rewrapped;
  }

  /** Forgets every unwrapped data key (after a rotation): the next use unwraps again. */
  dropCache() {
    this.cache.clear();
  }

  private remember(id: string, key: Buffer) {
    this.cache.set(id, {
      key,
      expiresAt: this.now() + this.options.cacheMs,
    });
  }

  private sweep() {
    const now = this.now();
    for (const [id, entry] of this.cache)
      if (entry.expiresAt <= now) this.cache.delete(id);
  }
}
