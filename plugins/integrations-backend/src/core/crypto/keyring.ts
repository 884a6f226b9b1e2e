import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Config } from '@backstage/config';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12; // 96-bit nonce, as recommended for GCM
const TAG_BYTES = 16;
const FORMAT = 'v1';
const KEYS_CONFIG = 'integrationsHub.encryption.keys';

interface EncryptionKey {
  id: string;
  secret: Buffer;
}

/** Thrown when a stored value fails authentication: tampered, moved, or wrong key. */
export class CredentialDecryptionError extends Error {
  name = 'CredentialDecryptionError';
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
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(keyId)!, nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    const parts = [nonce, cipher.getAuthTag(), ciphertext].map(b =>
      b.toString('base64url'),
    );
    return { sealed: [FORMAT, keyId, ...parts].join('.'), keyId };
  }

  open(sealed: string, aad: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) {
      throw new CredentialDecryptionError('unrecognized ciphertext format');
    }
    const [, keyId, nonce, tag, ciphertext] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      throw new CredentialDecryptionError(
        `sealed with key "${keyId}", which is not in ${KEYS_CONFIG}`,
      );
    }
    try {
      const decipher = createDecipheriv(
        ALGORITHM,
        key,
        Buffer.from(nonce, 'base64url'),
        { authTagLength: TAG_BYTES },
      );
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new CredentialDecryptionError(
        'authentication failed: the value was altered or does not belong here',
      );
    }
  }

  /** The key id a sealed value was written with, without opening it. */
  static keyIdOf(sealed: string): string | undefined {
    const parts = sealed.split('.');
    return parts.length === 5 ? parts[1] : undefined;
  }
}

/** Additional authenticated data for one credential of one integration. */
export function credentialAad(integrationId: string, key: string): string {
  return `integration:${integrationId}\u0000credential:${key}`;
}
