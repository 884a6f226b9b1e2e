import {
  DecryptCommand,
  DecryptCommandInput,
  DescribeKeyCommand,
  DescribeKeyCommandInput,
  DisabledException,
  EncryptCommand,
  EncryptCommandInput,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  KMSInvalidStateException,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsClientStub } from 'aws-sdk-client-mock';

const metadata = { httpStatusCode: 400, requestId: 'fake-request' };

type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/**
 * A KMS that really encrypts, behind aws-sdk-client-mock: AES-256-GCM per
 * key, the encryption context as additional authenticated data, and the key
 * ARN inside the blob as KMS does, so Decrypt finds the key and checks KeyId.
 */
export class FakeKms {
  readonly #keys = new Map<string, { secret: Buffer; state: KeyState }>();
  readonly #aliases = new Map<string, string>();
  /** Every blob Encrypt returned, base64, for tests that look for them in logs. */
  readonly wrapped: string[] = [];

  addKey(arn: string, alias?: string): void {
    this.#keys.set(arn, { secret: randomBytes(32), state: 'Enabled' });
    if (alias) this.#aliases.set(alias, arn);
  }

  setState(arn: string, state: KeyState): void {
    this.#keys.get(arn)!.state = state;
  }

  /** Answers Encrypt, Decrypt and DescribeKey sent through the mocked client. */
  install(kms: AwsClientStub<KMSClient>): void {
    kms.on(EncryptCommand).callsFake(input => this.encrypt(input));
    kms.on(DecryptCommand).callsFake(input => this.decrypt(input));
    kms.on(DescribeKeyCommand).callsFake(input => this.describe(input));
  }

  encrypt(input: EncryptCommandInput) {
    const arn = this.#usable(this.#arnOf(input.KeyId!));
    const iv = randomBytes(12);
    const cipher = createCipheriv(
      'aes-256-gcm',
      this.#keys.get(arn)!.secret,
      iv,
    );
    cipher.setAAD(aad(input.EncryptionContext));
    const body = Buffer.concat([
      cipher.update(input.Plaintext!),
      cipher.final(),
    ]);
    const name = Buffer.from(arn);
    const blob = Buffer.concat([
      Buffer.from([name.length]),
      name,
      iv,
      cipher.getAuthTag(),
      body,
    ]);
    this.wrapped.push(blob.toString('base64'));
    return { CiphertextBlob: new Uint8Array(blob), KeyId: arn };
  }

  decrypt(input: DecryptCommandInput) {
    const blob = Buffer.from(input.CiphertextBlob!);
    const arn = blob.subarray(1, 1 + blob[0]).toString();
    if (!this.#keys.has(arn)) throw invalidCiphertext();
    if (input.KeyId && this.#arnOf(input.KeyId) !== arn) {
      throw new IncorrectKeyException({
        message:
          'The key ID in the request does not identify a CMK that can perform this operation.',
        $metadata: metadata,
      });
    }
    this.#usable(arn);
    const rest = blob.subarray(1 + blob[0]);
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.#keys.get(arn)!.secret,
        rest.subarray(0, 12),
      );
      decipher.setAAD(aad(input.EncryptionContext));
      decipher.setAuthTag(rest.subarray(12, 28));
      const plaintext = Buffer.concat([
        decipher.update(rest.subarray(28)),
        decipher.final(),
      ]);
      return { Plaintext: new Uint8Array(plaintext), KeyId: arn };
    } catch {
      throw invalidCiphertext();
    }
  }

  describe(input: DescribeKeyCommandInput) {
    const arn = this.#arnOf(input.KeyId!);
    return { KeyMetadata: { Arn: arn, KeyId: arn.split('/').pop() } };
  }

  #arnOf(keyId: string): string {
    const arn = this.#aliases.get(keyId) ?? keyId;
    if (!this.#keys.has(arn)) {
      throw new NotFoundException({
        message: `Key '${keyId}' does not exist`,
        $metadata: metadata,
      });
    }
    return arn;
  }

  #usable(arn: string): string {
    const state = this.#keys.get(arn)!.state;
    if (state === 'Disabled') {
      throw new DisabledException({
        message: `${arn} is disabled.`,
        $metadata: metadata,
      });
    }
    if (state === 'PendingDeletion') {
      throw new KMSInvalidStateException({
        message: `${arn} is pending deletion.`,
        $metadata: metadata,
      });
    }
    return arn;
  }
}

// KMS compares the context as a set of pairs: the order of keys does not matter.
function aad(context: Record<string, string> = {}): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort()));
}

function invalidCiphertext() {
  return new InvalidCiphertextException({ message: '', $metadata: metadata });
}
