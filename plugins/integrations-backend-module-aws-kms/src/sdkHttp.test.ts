import { ServiceUnavailableError } from '@backstage/errors';
import { IntegrationsKeyRejectedError } from '@integrations-hub/backstage-plugin-integrations-node';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { AwsKmsKeyProvider } from './AwsKmsKeyProvider';
import { AwsKmsConfig } from './config';
import { FakeKms } from './__testUtils__/fakeKms';
import { KmsHttpServer } from './__testUtils__/kmsHttpServer';

// The real SDK client, not a mock: only the endpoint is local.
const KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const ALIAS = 'alias/backstage-integrations';

describe('the real KMS client against a local KMS endpoint', () => {
  let server: KmsHttpServer;
  const providerFor = (overrides: Partial<AwsKmsConfig> = {}) =>
    AwsKmsKeyProvider.create({
      config: {
        keyId: KEY,
        endpoint: server.endpoint,
        previousKeyArns: [],
        connectTimeoutMs: 500,
        requestTimeoutMs: 500,
        maxAttempts: 3,
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'x' },
        ...overrides,
      },
    });

  beforeEach(async () => {
    const kms = new FakeKms();
    kms.addKey(KEY, ALIAS);
    server = await KmsHttpServer.start(kms);
  });
  afterEach(() => server.stop());

  it('signs and sends Encrypt and Decrypt with the key ARN and the encryption context, and round-trips', async () => {
    const provider = await providerFor();
    const dataKey = randomBytes(32);

    const wrapped = await provider.wrapKey(dataKey, { dataKeyId: 'dk-1' });
    const unwrapped = await provider.unwrapKey(wrapped, { dataKeyId: 'dk-1' });

    expect(unwrapped.equals(dataKey)).toBe(true);
    const [encrypt, decrypt] = server.requests;
    expect(encrypt.target).toBe('TrentService.Encrypt');
    expect(encrypt.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/eu-west-1\/kms\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(encrypt.body).toEqual({
      KeyId: KEY,
      Plaintext: dataKey.toString('base64'),
      EncryptionContext: {
        purpose: 'backstage-integrations-data-key',
        dataKeyId: 'dk-1',
      },
    });
    expect(decrypt.target).toBe('TrentService.Decrypt');
    expect(decrypt.body).toEqual({
      KeyId: KEY,
      CiphertextBlob: wrapped.wrapped,
      EncryptionContext: encrypt.body.EncryptionContext,
    });
  });

  it('resolves an alias with DescribeKey over HTTP', async () => {
    const provider = await providerFor({ keyId: ALIAS, region: 'eu-west-1' });
    expect(provider.activeKeyId()).toBe(KEY);
    expect(server.requests.map(r => [r.target, r.body])).toEqual([
      ['TrentService.DescribeKey', { KeyId: ALIAS }],
    ]);
  });

  it('retries throttling up to maxAttempts, then answers unavailable', async () => {
    const provider = await providerFor();
    server.answer = {
      status: 400,
      error: 'ThrottlingException',
      message: 'Rate exceeded',
    };

    const error = await provider
      .wrapKey(randomBytes(32), { dataKeyId: 'dk-1' })
      .catch(e => e);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      `aws-kms could not wrap data key "dk-1" under ${KEY}: ThrottlingException (KMS throttled the call; it is retried later): Rate exceeded`,
    );
    expect(server.hits('Encrypt')).toBe(3);
  });

  it('rejects a blob whose context does not authenticate, after one request', async () => {
    const provider = await providerFor();
    const wrapped = await provider.wrapKey(randomBytes(32), {
      dataKeyId: 'dk-1',
    });

    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'dk-2' }),
    ).rejects.toThrow(IntegrationsKeyRejectedError);
    expect(server.hits('Decrypt')).toBe(1);
  });

  it.each([
    ['AccessDeniedException', /AccessDeniedException \(access denied/],
    ['DisabledException', /DisabledException \(the key is disabled/],
    [
      'KMSInvalidStateException',
      /KMSInvalidStateException \(.*pending deletion/,
    ],
  ])(
    'maps %s parsed from the HTTP answer to unavailable',
    async (name, message) => {
      const provider = await providerFor();
      server.answer = { status: 400, error: name, message: 'from KMS' };

      const error = await provider
        .unwrapKey({ keyId: KEY, wrapped: 'AAAA' }, { dataKeyId: 'dk-1' })
        .catch(e => e);

      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/: from KMS$/);
    },
  );

  it('answers unavailable on a 5xx that is not JSON', async () => {
    const provider = await providerFor({ maxAttempts: 1 });
    server.answer = { status: 503, raw: '<html>Service Unavailable</html>' };

    const error = await provider
      .wrapKey(randomBytes(32), { dataKeyId: 'dk-1' })
      .catch(e => e);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/KMS answered 503/);
  });

  it('gives up on an endpoint that does not answer within requestTimeoutMs', async () => {
    const provider = await providerFor({ maxAttempts: 1 });
    server.answer = 'hang';
    const started = Date.now();

    const error = await provider
      .wrapKey(randomBytes(32), { dataKeyId: 'dk-1' })
      .catch(e => e);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/KMS could not be reached/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says the region is missing when an alias comes without one', async () => {
    const saved = { ...process.env };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent';
    try {
      await expect(providerFor({ keyId: ALIAS })).rejects.toThrow(
        /could not describe key alias\/backstage-integrations: Error \(the request to KMS could not be made\): Region is missing/,
      );
    } finally {
      process.env = saved;
    }
    expect(server.requests).toHaveLength(0);
  });

  it('answers unavailable when nothing listens at the endpoint', async () => {
    const closed = createServer();
    await new Promise<void>(done => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as { port: number };
    await new Promise(done => closed.close(done));
    const provider = await providerFor({
      endpoint: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
    });

    const error = await provider
      .wrapKey(randomBytes(32), { dataKeyId: 'dk-1' })
      .catch(e => e);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/KMS could not be reached/);
  });
});
