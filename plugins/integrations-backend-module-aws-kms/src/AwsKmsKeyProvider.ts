import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import {
  IntegrationsKeyContext,
  IntegrationsKeyProvider,
  IntegrationsKeyRejectedError,
  IntegrationsWrappedKey,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { AwsKmsConfig, regionOfKeyArn } from './config';
import { callDescription, KmsCallScope, toProviderError } from './errors';

/**
 * Bound into every wrapped data key: a KMS key shared with other systems cannot
 * be asked to unwrap their blobs through us, nor ours through them.
 */
const ENCRYPTION_CONTEXT_PURPOSE = 'backstage-integrations-data-key';

const DATA_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The encryption context KMS binds to a wrapped data key (checked again on Decrypt). */
function encryptionContext(
  context: IntegrationsKeyContext,
): Record<string, string> {
  return { purpose: ENCRYPTION_CONTEXT_PURPOSE, dataKeyId: context.dataKeyId };
}

/**
 * Wraps data keys with KMS Encrypt and unwraps them with Decrypt under a
 * symmetric KMS key. Encrypt rather than GenerateDataKey: the backend makes
 * the data key, and moving to another key rewraps existing data keys, which
 * GenerateDataKey cannot do.
 */
export class AwsKmsKeyProvider implements IntegrationsKeyProvider {
  readonly id = 'aws-kms';
  readonly #client: KMSClient;
  readonly #keyArn: string;
  readonly #held: Set<string>;

  /** Resolves an alias or key id to its key ARN (kms:DescribeKey); a key ARN needs no call. */
  static async create(options: {
    config: AwsKmsConfig;
  }): Promise<AwsKmsKeyProvider> {
    const { config } = options;
    const client = createKmsClient(config);
    const keyArn = regionOfKeyArn(config.keyId)
      ? config.keyId
      : await describeKeyArn(client, config.keyId);
    return new AwsKmsKeyProvider(client, keyArn, config.previousKeyArns);
  }

  private constructor(
    client: KMSClient,
    keyArn: string,
    previousKeyArns: string[],
  ) {
    this.#client = client;
    this.#keyArn = keyArn;
    this.#held = new Set([keyArn, ...previousKeyArns]);
  }

  activeKeyId(): string {
    return this.#keyArn;
  }

  async wrapKey(
    dataKey: Buffer,
    context: IntegrationsKeyContext,
  ): Promise<IntegrationsWrappedKey> {
    const scope: KmsCallScope = {
      operation: 'wrap',
      keyId: this.#keyArn,
      dataKeyId: context.dataKeyId,
    };
    if (dataKey.length !== DATA_KEY_BYTES) {
      throw new Error(`${callDescription(scope)}: a data key has 32 bytes`);
    }
    const response = await call(scope, () =>
      this.#client.send(
        new EncryptCommand({
          KeyId: this.#keyArn,
          Plaintext: dataKey,
          EncryptionContext: encryptionContext(context),
        }),
      ),
    );
    if (!response.CiphertextBlob || response.KeyId !== this.#keyArn) {
      throw toProviderError(
        { name: 'UnexpectedResponse', $metadata: { httpStatusCode: 200 } },
        scope,
      );
    }
    return {
      keyId: response.KeyId,
      wrapped: Buffer.from(response.CiphertextBlob).toString('base64'),
    };
  }

  async unwrapKey(
    wrapped: IntegrationsWrappedKey,
    context: IntegrationsKeyContext,
  ): Promise<Buffer> {
    const scope: KmsCallScope = {
      operation: 'unwrap',
      keyId: wrapped.keyId,
      dataKeyId: context.dataKeyId,
    };
    // Only keys named in config unwrap: a row pointing at another key (one
    // whose policy happens to let us decrypt) must not plant a data key.
    if (!this.#held.has(wrapped.keyId)) {
      throw new IntegrationsKeyRejectedError(
        `${callDescription(
          scope,
        )}: this key is neither keyId nor one of previousKeyArns`,
      );
    }
    if (!BASE64.test(wrapped.wrapped)) {
      throw new IntegrationsKeyRejectedError(
        `${callDescription(scope)}: the wrapped key is not base64`,
      );
    }
    // KeyId pins the key: KMS refuses a blob wrapped under any other.
    const response = await call(scope, () =>
      this.#client.send(
        new DecryptCommand({
          KeyId: wrapped.keyId,
          CiphertextBlob: Buffer.from(wrapped.wrapped, 'base64'),
          EncryptionContext: encryptionContext(context),
        }),
      ),
    );
    const plaintext = response.Plaintext;
    if (
      response.KeyId !== wrapped.keyId ||
      plaintext?.length !== DATA_KEY_BYTES
    ) {
      throw new IntegrationsKeyRejectedError(
        `${callDescription(
          scope,
        )}: KMS did not return a 32-byte key under this key`,
      );
    }
    return Buffer.from(plaintext);
  }
}

async function call<T>(scope: KmsCallScope, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toProviderError(error, scope);
  }
}

function createKmsClient(config: AwsKmsConfig): KMSClient {
  return new KMSClient({
    region: config.region ?? regionOfKeyArn(config.keyId),
    endpoint: config.endpoint,
    credentials: config.credentials,
    maxAttempts: config.maxAttempts,
    requestHandler: {
      connectionTimeout: config.connectTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // Without it the SDK only warns and a KMS that never answers hangs resolve.
      throwOnRequestTimeout: true,
    },
  });
}

async function describeKeyArn(client: KMSClient, keyId: string) {
  const scope: KmsCallScope = { operation: 'describe', keyId };
  const response = await call(scope, () =>
    client.send(new DescribeKeyCommand({ KeyId: keyId })),
  );
  const arn = response.KeyMetadata?.Arn;
  if (!arn) {
    throw new Error(`${callDescription(scope)}: KMS returned no key ARN`);
  }
  return arn;
}
