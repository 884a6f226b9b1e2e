import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * What a wrapped data key is bound to: a provider binds it as additional
 * authenticated data (AES-GCM AAD, a KMS encryption context), so a wrapped key
 * copied onto another data key's row does not unwrap.
 *
 * @public
 */
export interface IntegrationsKeyContext {
  /** The id of the data key being wrapped or unwrapped. */
  dataKeyId: string;
}

/**
 * A data key as a provider wrapped it: the key-encryption key (KEK) it used
 * and the provider's own encoding of the wrapped bytes (stored as it is).
 *
 * @public
 */
export interface IntegrationsWrappedKey {
  keyId: string;
  wrapped: string;
}

/**
 * A holder of key-encryption keys (KEKs) that wraps and unwraps the data keys
 * credential values are sealed under. It never sees a credential value.
 *
 * Failures: `unwrapKey` throws an {@link IntegrationsKeyRejectedError} when
 * this KEK will never open this wrapped key (the key is not held, the bytes or
 * context do not authenticate); anything else it throws means the provider is
 * unavailable for now (down, throttled, denied), and resolve and reveal answer
 * 503 until the data key is cached again. Error messages are logged and may
 * name keys, never key material.
 *
 * @public
 */
export interface IntegrationsKeyProvider {
  /** Names the provider in config, stored rows and errors: 'keyring', 'pkcs11', 'aws-kms'. */
  readonly id: string;
  /** The KEK new data keys are wrapped under (a keyring key id, an HSM key label, a KMS key ARN). */
  activeKeyId(): string;
  /** Wraps a 32-byte data key under the active KEK, bound to `context`. */
  wrapKey(
    dataKey: Buffer,
    context: IntegrationsKeyContext,
  ): Promise<IntegrationsWrappedKey>;
  /** Unwraps with the KEK named by `wrapped.keyId`, checking `context`; resolves to the 32-byte data key. */
  unwrapKey(
    wrapped: IntegrationsWrappedKey,
    context: IntegrationsKeyContext,
  ): Promise<Buffer>;
}

/**
 * Thrown by a key provider when its KEK will never open a wrapped data key:
 * the key is not held, or the wrapped bytes or their context do not
 * authenticate. The credentials under that data key are reported as not
 * opening (resolve names them in `failed`), not as an outage. Recognised by
 * its `name`, so a second copy of this package works too.
 *
 * @public
 */
export class IntegrationsKeyRejectedError extends Error {
  name = 'IntegrationsKeyRejectedError';
}

/**
 * Adds key providers to the integrations backend.
 *
 * @public
 */
export interface IntegrationsKeyProvidersExtensionPoint {
  addKeyProvider(provider: IntegrationsKeyProvider): void;
}

/**
 * The extension point a backend module uses to add a key provider:
 * `env.registerInit({ deps: { keys: integrationsKeyProvidersExtensionPoint }, ... keys.addKeyProvider(provider) })`.
 * `integrationsHub.encryption.provider` picks the one that wraps new data keys.
 *
 * @public
 */
export const integrationsKeyProvidersExtensionPoint =
  createExtensionPoint<IntegrationsKeyProvidersExtensionPoint>({
    id: 'integrations.key-providers',
  });
