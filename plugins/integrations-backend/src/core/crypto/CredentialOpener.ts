import { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { credentialAad, CredentialDecryptionError, Keyring } from './keyring';
import { valuesByKey } from './valuesByKey';

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
 * The one place that seals and opens credential values. A value that does not
 * open is never returned as garbage: it becomes a CredentialUnavailableError
 * naming the integration, the credential key and the encryption key id (never
 * the value), logged once for operators.
 */
export class CredentialOpener {
  constructor(
    private readonly keyring: Keyring,
    private readonly logger: LoggerService,
  ) {}

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  /** Seals a value for one credential of one integration, under the active key. */
  seal(integrationId: string, key: string, value: string) {
    const { sealed, keyId } = this.keyring.seal(
      value,
      credentialAad(integrationId, key),
    );
    return { ciphertext: sealed, keyId };
  }

  open(stored: StoredValue): string {
    try {
      return this.keyring.open(
        stored.ciphertext,
        credentialAad(stored.integrationId, stored.key),
      );
    } catch (error) {
      if (!(error instanceof CredentialDecryptionError)) throw error;
      const keyId = Keyring.keyIdOf(stored.ciphertext) ?? 'unknown';
      const reason = `could not be decrypted (encryption key "${keyId}": ${error.message}); an operator must check the encryption keys`;
      const what =
        stored.version === undefined
          ? `Credential "${stored.key}"`
          : `Version ${stored.version} of credential "${stored.key}"`;
      const message = `${what} of integration ${stored.integrationId} ${reason}`;
      this.logger.error(message);
      throw new CredentialUnavailableError(message, {
        key: stored.key,
        reason,
      });
    }
  }

  /**
   * The named credentials of an integration (all when `keys` is left out),
   * by key; a key it does not have is left out. Throws on the first that
   * does not open.
   */
  openAll(
    record: {
      id: string;
      credentials: Array<{ key: string; ciphertext: string }>;
    },
    keys?: string[],
  ): Record<string, string> {
    const wanted = keys ? new Set(keys) : undefined;
    return valuesByKey(
      record.credentials
        .filter(c => !wanted || wanted.has(c.key))
        .map(c => [
          c.key,
          this.open({
            integrationId: record.id,
            key: c.key,
            ciphertext: c.ciphertext,
          }),
        ]),
    );
  }

  /** The same value sealed afresh under the active key (re-encryption, rollback). */
  reseal(stored: StoredValue) {
    return this.seal(stored.integrationId, stored.key, this.open(stored));
  }
}
