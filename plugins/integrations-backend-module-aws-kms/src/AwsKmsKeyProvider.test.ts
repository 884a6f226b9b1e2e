import {
  DecryptCommand,
  DescribeKeyCommand,
  DisabledException,
  EncryptCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  KMSInvalidStateException,
  KMSServiceException,
} from '@aws-sdk/client-kms';
import { ServiceUnavailableError } from '@backstage/errors';
import { IntegrationsKeyRejectedError } from '@integrations-hub/backstage-plugin-integrations-node';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { AwsKmsKeyProvider } from './AwsKmsKeyProvider';
import { AwsKmsConfig } from './config';
import { FakeKms } from './__testUtils__/fakeKms';

const KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const OLD_KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000002';
const OTHER_KEY =
  'arn:aws:kms:eu-west-1:444455556666:key/0f1e2d3c-aaaa-bbbb-cccc-000000000003';
const ALIAS = 'alias/backstage-integrations';

const kms = mockClient(KMSClient);
let fake: FakeKms;

const configFor = (overrides: Partial<AwsKmsConfig> = {}): AwsKmsConfig => ({
  keyId: KEY,
  previousKeyArns: [],
  connectTimeoutMs: 1000,
  requestTimeoutMs: 5000,
  maxAttempts: 3,
  ...overrides,
});
const providerFor = (overrides: Partial<AwsKmsConfig> = {}) =>
  AwsKmsKeyProvider.create({ config: configFor(overrides) });

beforeEach(() => {
  kms.reset();
  fake = new FakeKms();
  fake.addKey(KEY, ALIAS);
  fake.addKey(OLD_KEY);
  fake.addKey(OTHER_KEY);
  fake.install(kms);
});

describe('AwsKmsKeyProvider', () => {
  it('wraps with Encrypt under the key ARN, the data key bound by the encryption context', async () => {
    const provider = await providerFor();
    const dataKey = randomBytes(32);

    const wrapped = await provider.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    expect(kms.commandCalls(EncryptCommand)).toHaveLength(1);
    expect(kms.commandCalls(EncryptCommand)[0].args[0].input).toEqual({
      KeyId: KEY,
      Plaintext: dataKey,
      EncryptionContext: {
        purpose: 'backstage-integrations-data-key',
        dataKeyId: 'dk-1',
      },
    });
    expect(wrapped.keyId).toBe(KEY);
    expect(Buffer.from(wrapped.wrapped, 'base64').includes(dataKey)).toBe(
      false,
    );
  });

  it('unwraps with Decrypt pinned to the named key and the same encryption context', async () => {
    const provider = await providerFor();
    const dataKey = randomBytes(32);
    const wrapped = await provider.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    const unwrapped = await provider.unwrapKey(wrapped, { dataKeyId: 'dk-1' });

    expect(unwrapped.equals(dataKey)).toBe(true);
    expect(kms.commandCalls(DecryptCommand)[0].args[0].input).toEqual({
      KeyId: KEY,
      CiphertextBlob: Buffer.from(wrapped.wrapped, 'base64'),
      EncryptionContext: {
        purpose: 'backstage-integrations-data-key',
        dataKeyId: 'dk-1',
      },
    });
  });

  it('needs no call to AWS at start when keyId is a key ARN', async () => {
    const provider = await providerFor();
    expect(provider.id).toBe('aws-kms');
    expect(provider.activeKeyId()).toBe(KEY);
    expect(kms.calls()).toHaveLength(0);
  });

  it('resolves an alias to the key ARN once at start and wraps under the ARN', async () => {
    const provider = await providerFor({ keyId: ALIAS });

    expect(provider.activeKeyId()).toBe(KEY);
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(DescribeKeyCommand)[0].args[0].input).toEqual({
      KeyId: ALIAS,
    });
    await provider.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    expect(kms.commandCalls(EncryptCommand)[0].args[0].input.KeyId).toBe(KEY);
  });

  it('fails to start, as unavailable, when the alias cannot be resolved', async () => {
    await expect(providerFor({ keyId: 'alias/missing' })).rejects.toThrow(
      ServiceUnavailableError,
    );
    await expect(providerFor({ keyId: 'alias/missing' })).rejects.toThrow(
      /aws-kms could not describe key alias\/missing: NotFoundException/,
    );
  });

  it('refuses a wrapped key copied onto another data key (the encryption context does not match)', async () => {
    const provider = await providerFor();
    const wrapped = await provider.wrapKey(randomBytes(32), {
      dataKeyId: 'dk-1',
    });

    const unwrap = provider.unwrapKey(wrapped, { dataKeyId: 'dk-2' });

    await expect(unwrap).rejects.toThrow(IntegrationsKeyRejectedError);
    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'dk-2' }),
    ).rejects.toThrow(
      `aws-kms could not unwrap data key "dk-2" under ${KEY}: InvalidCiphertextException`,
    );
  });

  it('refuses a blob wrapped under another held key than the one named beside it', async () => {
    const old = await providerFor({ keyId: OLD_KEY });
    const wrapped = await old.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    const provider = await providerFor({ previousKeyArns: [OLD_KEY] });

    await expect(
      provider.unwrapKey({ ...wrapped, keyId: KEY }, { dataKeyId: 'dk-1' }),
    ).rejects.toThrow(/IncorrectKeyException/);
    await expect(
      provider.unwrapKey({ ...wrapped, keyId: KEY }, { dataKeyId: 'dk-1' }),
    ).rejects.toThrow(IntegrationsKeyRejectedError);
  });

  it('unwraps only under keys named in config, without asking KMS about others', async () => {
    const other = await providerFor({ keyId: OTHER_KEY });
    const wrapped = await other.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    const provider = await providerFor();
    kms.resetHistory();

    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).rejects.toThrow(
      new IntegrationsKeyRejectedError(
        `aws-kms could not unwrap data key "dk-1" under ${OTHER_KEY}: this key is neither keyId nor one of previousKeyArns`,
      ),
    );
    expect(kms.calls()).toHaveLength(0);
  });

  it('refuses wrapped bytes that are not base64 without asking KMS', async () => {
    const provider = await providerFor();
    await expect(
      provider.unwrapKey(
        { keyId: KEY, wrapped: 'not base64!' },
        { dataKeyId: 'dk-1' },
      ),
    ).rejects.toThrow(IntegrationsKeyRejectedError);
    expect(kms.calls()).toHaveLength(0);
  });

  it('moves to another key: data keys wrapped under the previous key unwrap and rewrap under the new one', async () => {
    const before = await providerFor({ keyId: OLD_KEY });
    const dataKey = randomBytes(32);
    const old = await before.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    const after = await providerFor({ previousKeyArns: [OLD_KEY] });
    const rewrapped = await after.wrapKey(
      await after.unwrapKey(old, { dataKeyId: 'dk-1' }),
      { dataKeyId: 'dk-1' },
    );

    expect(rewrapped.keyId).toBe(KEY);
    expect(
      (await after.unwrapKey(rewrapped, { dataKeyId: 'dk-1' })).equals(dataKey),
    ).toBe(true);
    expect(kms.commandCalls(DecryptCommand)[0].args[0].input.KeyId).toBe(
      OLD_KEY,
    );
  });

  it('answers unavailable while the key is disabled or pending deletion, and recovers when it is usable again', async () => {
    const provider = await providerFor();
    const dataKey = randomBytes(32);
    const wrapped = await provider.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    fake.setState(KEY, 'Disabled');
    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).rejects.toThrow(ServiceUnavailableError);
    fake.setState(KEY, 'PendingDeletion');
    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).rejects.toThrow(/KMSInvalidStateException.*cancel the deletion/);
    await expect(
      provider.wrapKey(dataKey, { dataKeyId: 'dk-2' }),
    ).rejects.toThrow(ServiceUnavailableError);

    fake.setState(KEY, 'Enabled');
    expect(
      (await provider.unwrapKey(wrapped, { dataKeyId: 'dk-1' })).equals(
        dataKey,
      ),
    ).toBe(true);
  });

  it('refuses to wrap anything but a 32-byte data key', async () => {
    const provider = await providerFor();
    await expect(
      provider.wrapKey(randomBytes(16), { dataKeyId: 'dk-1' }),
    ).rejects.toThrow('a data key has 32 bytes');
    expect(kms.calls()).toHaveLength(0);
  });

  it('treats an answer under another key than asked as a failure, not a key', async () => {
    const provider = await providerFor();
    kms.on(EncryptCommand).resolves({
      CiphertextBlob: new Uint8Array(8),
      KeyId: OTHER_KEY,
    });
    await expect(
      provider.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' }),
    ).rejects.toThrow(ServiceUnavailableError);

    kms.on(DecryptCommand).resolves({
      Plaintext: new Uint8Array(32),
      KeyId: OTHER_KEY,
    });
    await expect(
      provider.unwrapKey(
        { keyId: KEY, wrapped: 'AAAA' },
        { dataKeyId: 'dk-1' },
      ),
    ).rejects.toThrow(IntegrationsKeyRejectedError);
  });

  it('takes its region from the key ARN and its endpoint from config', async () => {
    const provider = await AwsKmsKeyProvider.create({
      config: configFor({ endpoint: 'http://127.0.0.1:1' }),
    });
    await provider.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    const client = kms.commandCalls(EncryptCommand)[0].thisValue as KMSClient;
    expect(await client.config.region()).toBe('eu-west-1');
    const endpoint = await client.config.endpoint!();
    expect(endpoint.hostname).toBe('127.0.0.1');
    expect(await client.config.maxAttempts()).toBe(3);
  });

  describe('at the SDK boundary, each KMS error', () => {
    const $metadata = { httpStatusCode: 400 };
    const awsError = (name: string, message: string) =>
      new KMSServiceException({ name, $fault: 'client', $metadata, message });
    // A key and a wrapped blob anyone would recognise if an error carried them.
    const dataKey = Buffer.from('canary-data-key-7d2e-0123456789a');
    const blob = Buffer.from('canary-wrapped-blob-91c4-0123456789abcdef');
    const wrapped = { keyId: KEY, wrapped: blob.toString('base64') };
    const canaries = [
      dataKey.toString('base64'),
      dataKey.toString('hex'),
      'canary-data-key',
      blob.toString('base64'),
      blob.toString('hex'),
      'canary-wrapped-blob',
    ];

    it.each([
      [
        'ThrottlingException',
        awsError('ThrottlingException', 'Rate exceeded'),
        ServiceUnavailableError,
      ],
      [
        'AccessDeniedException',
        awsError('AccessDeniedException', 'not authorized'),
        ServiceUnavailableError,
      ],
      [
        'DisabledException',
        new DisabledException({ message: `${KEY} is disabled.`, $metadata }),
        ServiceUnavailableError,
      ],
      [
        'KMSInvalidStateException',
        new KMSInvalidStateException({
          message: `${KEY} is pending deletion.`,
          $metadata,
        }),
        ServiceUnavailableError,
      ],
      [
        'ECONNRESET',
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        ServiceUnavailableError,
      ],
      [
        'Unknown',
        new KMSServiceException({
          name: 'Unknown',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: '',
        }),
        ServiceUnavailableError,
      ],
      [
        'InvalidCiphertextException',
        new InvalidCiphertextException({ message: '', $metadata }),
        IntegrationsKeyRejectedError,
      ],
      [
        'IncorrectKeyException',
        new IncorrectKeyException({
          message: `blob ${blob.toString('base64')}`,
          $metadata,
        }),
        IntegrationsKeyRejectedError,
      ],
    ])(
      '%s from Decrypt and Encrypt maps as documented and carries no key material',
      async (name, error, expected) => {
        const provider = await providerFor();
        kms.on(DecryptCommand).rejects(error);
        kms.on(EncryptCommand).rejects(error);

        const unwrap = await provider
          .unwrapKey(wrapped, { dataKeyId: 'dk-1' })
          .catch(e => e);
        const wrap = await provider
          .wrapKey(dataKey, { dataKeyId: 'dk-1' })
          .catch(e => e);

        expect(unwrap).toBeInstanceOf(expected);
        expect(unwrap.message).toContain(`: ${name} (`);
        // Rejection is about a wrapped key: a failed wrap is always an outage.
        expect(wrap).toBeInstanceOf(ServiceUnavailableError);
        for (const thrown of [unwrap, wrap]) {
          const seen = `${thrown.message} ${thrown.stack} ${JSON.stringify(
            thrown,
          )} ${String(thrown.cause)}`;
          for (const canary of canaries) expect(seen).not.toContain(canary);
        }
      },
    );
  });
});
