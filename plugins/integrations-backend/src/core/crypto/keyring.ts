import { Config } from '@backstage/config';
import {
  CredentialDecryptionError,
  openWith,
  sealedHeader,
  sealWith,
} from './aesGcm';

export { CredentialDecryptionError } from './aesGcm';

const FORMAT = 'v1';
const KEYS_CONFIG = 'integrationsHub.encryption.keys';

interface EncryptionKey {
  id: string;
  secret: Buffer;
}

/**
 * AES-256-GCM sealing with a list of keys. The first key seals new values;
 * every key can open values sealed under it, so keys rotate without downtime.
 *
 * Sealed format: `v1.<keyId>.<nonce>.<tag>.<ciphertext>` (base64url parts).
 * The additional authenticated data binds a value to its integration and key,
 * so a ciphertext copied onto another row does not open.
 */
export class Keyring {
  private readonly keys: Map<string, Buffer>;

  static fromConfig(config: Config): Keyring {
    const entries = config.getOptionalConfigArray(KEYS_CONFIG) ?? [];
    if (entries.length === 0) {
      throw new Error(
        `Integrations: no encryption key configured. Set ${KEYS_CONFIG} to a list of ` +
          `{ id, secret } where secret is 32 random bytes in base64, e.g. ` +
          `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
      );
    }
    return new Keyring(
      entries.map((entry, index) => {
        const id = entry.getString('id');
        const secret = Buffer.from(entry.getString('secret'), 'base64');
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
          throw new Error(
            `Integrations: ${KEYS_CONFIG}[${index}].id must use only letters, digits, _ and -`,
          );
        }
        if (secret.length !== 32) {
          throw new Error(
            `Integrations: ${KEYS_CONFIG}[${index}].secret must be 32 bytes encoded in base64 (got ${secret.length} bytes)`,
          );
        }
        return { id, secret };
      }),
    );
  }

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('Keyring needs at least one key');
    this.keys = new Map();
    for (const key of keys) {
      if (this.keys.has(key.id)) {
        throw new Error(
          `Integrations: duplicate encryption key id "${key.id}"`,
        );
      }
      this.keys.set(key.id, key.secret);
    }
    this.activeKeyId = keys[0].id;
  }

  readonly activeKeyId: string;

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  seal(plaintext: string, aad: string): { sealed: string; keyId: string } {
    const keyId = this.activeKeyId;
    const sealed = sealWith(
      FORMAT,
      keyId,
      this.keys.get(keyId)!,
      plaintext,
      aad,
    );
    return { sealed, keyId };
  }

  open(sealed: string, aad: string): string {
    const header = sealedHeader(sealed);
    if (header?.format !== FORMAT) {
      throw new CredentialDecryptionError('unrecognized ciphertext format');
    }
    const key = this.keys.get(header.keyId);
    if (!key) {
      throw new CredentialDecryptionError(
        `sealed with key "${header.keyId}", which is not in ${KEYS_CONFIG}`,
      );
    }
    return openWith(key, sealed, aad);
  }

  /** The key id a sealed value was written with, without opening it. */
  static keyIdOf(sealed: string): string | undefined {
    return sealedHeader(sealed)?.keyId;
  }
}

/** Additional authenticated data for one credential of one integration. */
export function credentialAad(integrationId: string, key: string): string {
  return `integration:${integrationId}\u0000credential:${key}`;
}
