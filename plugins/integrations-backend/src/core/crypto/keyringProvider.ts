import {
  IntegrationsKeyContext,
  IntegrationsKeyProvider,
  IntegrationsKeyRejectedError,
  IntegrationsWrappedKey,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { CredentialDecryptionError, Keyring } from './keyring';

/** What a wrapped data key is bound to under a keyring KEK. */
function dataKeyAad(context: IntegrationsKeyContext): string {
  return `data-key:${context.dataKeyId}`;
}

/**
 * The built-in key provider: the keys of `integrationsHub.encryption.keys`
 * are the key-encryption keys. The first wraps new data keys; every listed
 * key unwraps what it wrapped, so KEKs rotate like the keyring always did.
 */
export class KeyringKeyProvider implements IntegrationsKeyProvider {
  readonly id = 'keyring';

  constructor(private readonly keyring: Keyring) {}

  activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  async wrapKey(
    dataKey: Buffer,
    context: IntegrationsKeyContext,
  ): Promise<IntegrationsWrappedKey> {
    const { sealed, keyId } = this.keyring.seal(
      dataKey.toString('base64'),
      dataKeyAad(context),
    );
    return { keyId, wrapped: sealed };
  }

  async unwrapKey(
    wrapped: IntegrationsWrappedKey,
    context: IntegrationsKeyContext,
  ): Promise<Buffer> {
    // The key id inside the sealed bytes is the one that counts; a row naming another fails below.
    if (Keyring.keyIdOf(wrapped.wrapped) !== wrapped.keyId) {
      throw new IntegrationsKeyRejectedError(
        `wrapped data key ${context.dataKeyId} does not match its key id "${wrapped.keyId}"`,
      );
    }
    try {
      return Buffer.from(
        this.keyring.open(wrapped.wrapped, dataKeyAad(context)),
        'base64',
      );
    } catch (error) {
      if (error instanceof CredentialDecryptionError) {
        throw new IntegrationsKeyRejectedError(error.message);
      }
      throw error;
    }
  }
}
