import {
  DependencyTimeoutException,
  DisabledException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KeyUnavailableException,
  KMSInternalException,
  KMSInvalidStateException,
  KMSServiceException,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { ServiceUnavailableError } from '@backstage/errors';
import { IntegrationsKeyRejectedError } from '@integrations-hub/backstage-plugin-integrations-node';
import { toProviderError } from './errors';

const KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const scope = { operation: 'unwrap' as const, keyId: KEY, dataKeyId: 'dk-1' };
const client = (status: number) => ({
  httpStatusCode: status,
  requestId: 'r1',
});

const throttled = new KMSServiceException({
  name: 'ThrottlingException',
  $fault: 'client',
  $metadata: client(400),
  message: 'Rate exceeded',
});
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), {
  code: 'ECONNREFUSED',
  $metadata: { attempts: 3 },
});
const timedOut = Object.assign(new Error('socket timed out'), {
  name: 'TimeoutError',
});
const badGateway = new KMSServiceException({
  name: 'Unknown',
  $fault: 'server',
  $metadata: client(502),
  message: '',
});

describe('KMS errors', () => {
  it.each([
    ['ThrottlingException', throttled, /throttled/],
    ['ECONNREFUSED', refused, /could not be reached/],
    ['TimeoutError', timedOut, /could not be reached/],
    [
      'ECONNREFUSED',
      new Error(
        'AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1',
      ),
      /could not be reached/,
    ],
    [
      'Error',
      new Error('Region is missing'),
      /the request to KMS could not be made\): Region is missing$/,
    ],
    ['Unknown', badGateway, /KMS answered 502/],
    [
      'KMSInternalException',
      new KMSInternalException({ message: 'x', $metadata: client(500) }),
      /failed internally/,
    ],
    [
      'DependencyTimeoutException',
      new DependencyTimeoutException({ message: 'x', $metadata: client(503) }),
      /timed out/,
    ],
    [
      'KeyUnavailableException',
      new KeyUnavailableException({ message: 'x', $metadata: client(500) }),
      /unavailable in KMS/,
    ],
    [
      'AccessDeniedException',
      new KMSServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: client(400),
        message:
          'User: arn:aws:sts::111122223333:assumed-role/backstage/i-0abc is not authorized to perform: kms:Decrypt',
      }),
      /kms:Encrypt and kms:Decrypt.*: User: arn:aws:sts::111122223333:assumed-role\/backstage\/i-0abc is not authorized to perform: kms:Decrypt$/,
    ],
    [
      'DisabledException',
      new DisabledException({ message: 'x', $metadata: client(400) }),
      /disabled: enable it/,
    ],
    [
      'KMSInvalidStateException',
      new KMSInvalidStateException({ message: 'x', $metadata: client(400) }),
      /pending deletion.*cancel the deletion/,
    ],
    [
      'NotFoundException',
      new NotFoundException({ message: 'x', $metadata: client(400) }),
      /check keyId and region/,
    ],
    [
      'InvalidKeyUsageException',
      new InvalidKeyUsageException({ message: 'x', $metadata: client(400) }),
      /symmetric ENCRYPT_DECRYPT key/,
    ],
  ])(
    '%s means the provider is unavailable (503, retried)',
    (name, error, reason) => {
      const mapped = toProviderError(error, scope);
      expect(mapped).toBeInstanceOf(ServiceUnavailableError);
      expect(mapped.message).toMatch(
        `aws-kms could not unwrap data key "dk-1" under ${KEY}: ${name} (`,
      );
      expect(mapped.message).toMatch(reason);
      // The AWS error itself is not kept: it carries the request's metadata.
      expect((mapped as any).cause).toBeUndefined();
    },
  );

  it.each([
    [
      'InvalidCiphertextException',
      new InvalidCiphertextException({ message: '', $metadata: client(400) }),
    ],
    [
      'IncorrectKeyException',
      new IncorrectKeyException({ message: '', $metadata: client(400) }),
    ],
  ])('%s on unwrap means this key never opens it', (name, error) => {
    const mapped = toProviderError(error, scope);
    expect(mapped).toBeInstanceOf(IntegrationsKeyRejectedError);
    expect(mapped.name).toBe('IntegrationsKeyRejectedError');
    expect(mapped.message).toMatch(
      `aws-kms could not unwrap data key "dk-1" under ${KEY}: ${name}`,
    );
  });

  it('never rejects on wrap: a failed wrap is an outage', () => {
    const mapped = toProviderError(
      new InvalidCiphertextException({ message: '', $metadata: client(400) }),
      { ...scope, operation: 'wrap' },
    );
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect(mapped.message).toMatch(/^aws-kms could not wrap data key "dk-1"/);
  });

  it('cuts key material out of an AWS message', () => {
    const canary = Buffer.from(
      'canary-data-key-4f1c-0123456789abcdef',
    ).toString('base64');
    const mapped = toProviderError(
      new KMSServiceException({
        name: 'ValidationException',
        $fault: 'client',
        $metadata: client(400),
        message: `Value '${canary}' at 'ciphertextBlob' failed to satisfy constraint`,
      }),
      scope,
    );
    expect(mapped.message).not.toContain(canary);
    expect(mapped.message).toContain("Value '[redacted]' at 'ciphertextBlob'");
  });
});
