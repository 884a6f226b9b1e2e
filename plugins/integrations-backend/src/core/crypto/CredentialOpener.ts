import { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import {
  CredentialDecryptionError,
  openWith,
  sealedHeader,
  sealWith,
} from './aesGcm';
import { DataKeyRejectedError, DataKeys } from './DataKeys';
import { credentialAad, Keyring } from './keyring';
import { valuesByKey } from './valuesByKey';

/** Values sealed under a data key; `v1.` values were sealed directly under the keyring. */
const ENVELOPE_FORMAT = 'v2';
const KEYRING_FORMAT = 'v1';

/** A stored value that no configured key opens for this row: tampered, copied or keyless. */
export class CredentialUnavailableError extends CustomErrorBase {
  name = 'CredentialUnavailableError';
  // Not the caller's fault; the message names the integration, key and key id only.
  statusCode = 500;
  /** The credential key that did not open. */
  readonly key: string;
  /** What failed, without the integration and key (for resolve's `failed` list). */
  readonly reason: string;

  constructor(message: string, failed: { key: string; reason: string }) {
    super(message);
    this.key = failed.key;
    this.reason = failed.reason;
  }
}

/** One sealed value as stored: the current one of a credential, or a kept version. */
export interface StoredValue {
  integrationId: string;
  key: string;
  ciphertext: string;
  /** Set for a kept previous value. */
  version?: number;
}

/**
 * The one place that seals and opens credential values (envelope encryption):
 * values are sealed with AES-256-GCM under a data key, bound to their
 * integration and credential key; data keys are wrapped by a key provider.
 * Values sealed directly under the config keyring (before envelope
 * encryption) still open until the upkeep task moves them.
 *
 * A value that does not open is never returned as garbage: it becomes a
 * CredentialUnavailableError naming the integration, the credential key and
 * the key ids (never the value), logged once for operators. A key provider
 * that is down is a 503 naming it (from DataKeys), not a failed value.
 */
export class CredentialOpener {
  constructor(
    private readonly dataKeys: DataKeys,
    private readonly logger: LoggerService,
    /** Opens values sealed directly under the keyring; absent once none are left. */
    private readonly keyring?: Keyring,
  ) {}

  /**
   * A sealer bound to the current data key, so a write seals all its values
   * without waiting again (the data key is unwrapped before, not during).
   */
  async sealer(): Promise<
    (
      integrationId: string,
      key: string,
      value: string,
    ) => { ciphertext: string; keyId: string }
  > {
    const { id, key } = await this.dataKeys.forSealing();
    return (integrationId, credentialKey, value) => ({
      ciphertext: sealWith(
        ENVELOPE_FORMAT,
        id,
        key,
        value,
        credentialAad(integrationId, credentialKey),
      ),
      keyId: id,
    });
  }

  /** Seals a value for one credential of one integration, under the current data key. */
  async seal(integrationId: string, key: string, value: string) {
    return (await this.sealer())(integrationId, key, value);
  }

  async open(stored: StoredValue): Promise<string> {
    const aad = credentialAad(stored.integrationId, stored.key);
    const header = sealedHeader(stored.ciphertext);
    try {
      if (header?.format === ENVELOPE_FORMAT) {
        return openWith(
          await this.dataKeys.get(header.keyId),
          stored.ciphertext,
          aad,
        );
      }
      if (header?.format === KEYRING_FORMAT && this.keyring) {
        return this.keyring.open(stored.ciphertext, aad);
      }
      throw new CredentialDecryptionError(
        header?.format === KEYRING_FORMAT
          ? 'sealed directly under the keyring, and integrationsHub.encryption.keys is not set'
          : 'unrecognized ciphertext format',
      );
    } catch (error) {
      if (
        !(error instanceof CredentialDecryptionError) &&
        !(error instanceof DataKeyRejectedError)
      )
        throw error;
      throw this.unavailable(stored, await this.keyName(header), error);
    }
  }

  private async keyName(header?: { format: string; keyId: string }) {
    if (header?.format === ENVELOPE_FORMAT)
      return this.dataKeys.describe(header.keyId);
    return `encryption key "${header?.keyId ?? 'unknown'}"`;
  }

  private unavailable(stored: StoredValue, keyName: string, error: Error) {
    const reason = `could not be decrypted (${keyName}: ${error.message}); an operator must check the encryption keys`;
    const what =
      stored.version === undefined
        ? `Credential "${stored.key}"`
        : `Version ${stored.version} of credential "${stored.key}"`;
    const message = `${what} of integration ${stored.integrationId} ${reason}`;
    this.logger.error(message);
    return new CredentialUnavailableError(message, {
      key: stored.key,
      reason,
    });
  }

  /**
   * The named credentials of an integration (all when `keys` is left out),
   * by key; a key it does not have is left out. Throws on the first that
   * does not open.
   */
  async openAll(
    record: {
      id: string;
      credentials: Array<{ key: string; ciphertext: string }>;
    },
    keys?: string[],
  ): Promise<Record<string, string>> {
    const wanted = keys ? new Set(keys) : undefined;
    const entries: Array<[string, string]> = [];
    for (const c of record.credentials) {
      if (wanted && !wanted.has(c.key)) continue;
      entries.push([
        c.key,
        await this.open({
          integrationId: record.id,
          key: c.key,
          ciphertext: c.ciphertext,
        }),
      ]);
    }
    return valuesByKey(entries);
  }

  /** The same value sealed afresh under the current data key (migration, rollback). */
  async reseal(stored: StoredValue) {
    const value = await this.open(stored);
    return this.seal(stored.integrationId, stored.key, value);
  }
}
