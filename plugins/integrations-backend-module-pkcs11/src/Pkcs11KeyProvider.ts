import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  IntegrationsKeyContext,
  IntegrationsKeyProvider,
  IntegrationsKeyRejectedError,
  IntegrationsWrappedKey,
} from '@integrations-hub/backstage-plugin-integrations-node';
import * as pkcs11js from 'pkcs11js';
import {
  describeToken,
  PKCS11_CONFIG,
  Pkcs11Settings,
  readPkcs11Settings,
} from './config';
import {
  describeFailure,
  KeyNotOnTokenError,
  Pkcs11Token,
  TokenUnavailableError,
} from './Pkcs11Token';

const DATA_KEY_BYTES = 32;
const IV_BYTES = 12; // 96-bit IV, as recommended for GCM
const TAG_BYTES = 16;
const FORMAT = 'v1';

// How tokens report a GCM tag that does not verify: PKCS#11 2.40 names
// CKR_ENCRYPTED_DATA_INVALID, 3.0 CKR_AEAD_DECRYPT_FAILED (0x35), SoftHSM 2.6
// answers CKR_GENERAL_ERROR.
const DECRYPT_FAILED = new Set([
  pkcs11js.CKR_ENCRYPTED_DATA_INVALID,
  pkcs11js.CKR_ENCRYPTED_DATA_LEN_RANGE,
  pkcs11js.CKR_GENERAL_ERROR,
  pkcs11js.CKR_FUNCTION_FAILED,
  0x35,
]);

function gcm(iv: Buffer, context: IntegrationsKeyContext): pkcs11js.Mechanism {
  return {
    mechanism: pkcs11js.CKM_AES_GCM,
    parameter: {
      type: pkcs11js.CK_PARAMS_AES_GCM,
      iv,
      ivBits: IV_BYTES * 8,
      aad: Buffer.from(context.dataKeyId, 'utf8'),
      tagBits: TAG_BYTES * 8,
    } as pkcs11js.GcmParams,
  };
}

/** `v1.<iv>.<ciphertext and tag>`, base64url parts. */
function encodeWrapped(iv: Buffer, sealed: Buffer): string {
  return [FORMAT, iv.toString('base64url'), sealed.toString('base64url')].join(
    '.',
  );
}

function decodeWrapped(wrapped: string): { iv: Buffer; sealed: Buffer } {
  const parts = wrapped.split('.');
  const iv = Buffer.from(parts[1] ?? '', 'base64url');
  const sealed = Buffer.from(parts[2] ?? '', 'base64url');
  if (
    parts.length !== 3 ||
    parts[0] !== FORMAT ||
    iv.length !== IV_BYTES ||
    sealed.length !== DATA_KEY_BYTES + TAG_BYTES
  ) {
    throw new IntegrationsKeyRejectedError(
      'not a data key wrapped by the PKCS#11 provider (unrecognised format)',
    );
  }
  return { iv, sealed };
}

/**
 * Wraps data keys with AES-256-GCM inside a PKCS#11 token: a random IV per
 * data key, the data key id as additional authenticated data, the key
 * encryption key addressed by its label (which is the stored key id). The key
 * never leaves the token; only the wrapped bytes and the label are stored.
 *
 * @public
 */
export class Pkcs11KeyProvider implements IntegrationsKeyProvider {
  /** `integrationsHub.encryption.provider: pkcs11` picks this provider. */
  readonly id = 'pkcs11';
  private readonly name: string;

  /** Reads `integrationsHub.encryption.pkcs11` and loads the library; the token is reached at first use. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): Pkcs11KeyProvider {
    return new Pkcs11KeyProvider(readPkcs11Settings(config), options.logger);
  }

  private readonly token: Pkcs11Token;

  private constructor(
    private readonly settings: Pkcs11Settings,
    logger?: LoggerService,
  ) {
    this.name = describeToken(settings.token);
    this.token = new Pkcs11Token(settings, logger);
  }

  /** The label of the key new data keys are wrapped under. */
  activeKeyId(): string {
    return this.settings.keyLabel;
  }

  /** Encrypts the data key in the token under the active key, bound to its id. */
  async wrapKey(
    dataKey: Buffer,
    context: IntegrationsKeyContext,
  ): Promise<IntegrationsWrappedKey> {
    if (dataKey.length !== DATA_KEY_BYTES) {
      throw new Error(`a data key is ${DATA_KEY_BYTES} bytes`);
    }
    const keyId = this.settings.keyLabel;
    const iv = randomBytes(IV_BYTES);
    try {
      const sealed = await this.token.use(keyId, (lib, session, key) => {
        lib.C_EncryptInit(session, gcm(iv, context), key);
        return lib.C_EncryptAsync(
          session,
          dataKey,
          Buffer.alloc(DATA_KEY_BYTES + TAG_BYTES),
        );
      });
      return { keyId, wrapped: encodeWrapped(iv, sealed) };
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** Decrypts in the token under the key the wrapped key names, checking its id. */
  async unwrapKey(
    wrapped: IntegrationsWrappedKey,
    context: IntegrationsKeyContext,
  ): Promise<Buffer> {
    if (
      wrapped.keyId !== this.settings.keyLabel &&
      !this.settings.previousKeyLabels.includes(wrapped.keyId)
    ) {
      // Only configured keys: other keys on a shared token are not this backend's.
      throw new IntegrationsKeyRejectedError(
        `${this.name}: key "${wrapped.keyId}" is not in ${PKCS11_CONFIG}.keyLabel or previousKeyLabels`,
      );
    }
    const { iv, sealed } = decodeWrapped(wrapped.wrapped);
    try {
      return await this.token.use(wrapped.keyId, async (lib, session, key) => {
        lib.C_DecryptInit(session, gcm(iv, context), key);
        try {
          const dataKey = await lib.C_DecryptAsync(
            session,
            sealed,
            Buffer.alloc(sealed.length),
          );
          if (dataKey.length !== DATA_KEY_BYTES) throw this.rejected(wrapped);
          return dataKey;
        } catch (error) {
          if (!DECRYPT_FAILED.has((error as pkcs11js.Pkcs11Error).code)) {
            throw error;
          }
          // Those codes also mean a failing token: a key that still encrypts
          // proves the token is fine and the wrapped bytes are not this key's.
          lib.C_EncryptInit(session, gcm(randomBytes(IV_BYTES), context), key);
          lib.C_Encrypt(
            session,
            Buffer.alloc(16),
            Buffer.alloc(16 + TAG_BYTES),
          );
          throw this.rejected(wrapped);
        }
      });
    } catch (error) {
      if (error instanceof IntegrationsKeyRejectedError) throw error;
      if (error instanceof KeyNotOnTokenError) {
        throw new IntegrationsKeyRejectedError(error.message);
      }
      throw this.unavailable(error);
    }
  }

  /** Logs out of the token and lets go of the library (backend shutdown). */
  close(): Promise<void> {
    return this.token.close();
  }

  private rejected(wrapped: IntegrationsWrappedKey) {
    return new IntegrationsKeyRejectedError(
      `${this.name}: key "${wrapped.keyId}" does not open this data key (wrapped for another key or data key, or altered)`,
    );
  }

  private unavailable(error: unknown): Error {
    if (error instanceof TokenUnavailableError) return error;
    if (error instanceof KeyNotOnTokenError) {
      return new TokenUnavailableError(error.message);
    }
    return new TokenUnavailableError(`${this.name}: ${describeFailure(error)}`);
  }
}
