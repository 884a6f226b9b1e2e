import { ConfigReader } from '@backstage/config';
import { readAwsKmsConfig, regionOfKeyArn } from './config';

const KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const read = (awsKms?: object) =>
  readAwsKmsConfig(
    new ConfigReader({ integrationsHub: { encryption: { awsKms } } }),
  );

describe('readAwsKmsConfig', () => {
  it('fills in defaults and leaves credentials to the default AWS chain', () => {
    expect(read({ keyId: 'alias/integrations' })).toEqual({
      keyId: 'alias/integrations',
      region: undefined,
      endpoint: undefined,
      previousKeyArns: [],
      connectTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      maxAttempts: 3,
      credentials: undefined,
    });
  });

  it('says what is missing when the provider is installed without config', () => {
    expect(() => read()).toThrow(
      'The aws-kms key provider needs integrationsHub.encryption.awsKms.keyId',
    );
  });

  it('takes previous keys only as key ARNs', () => {
    expect(() =>
      read({ keyId: KEY, previousKeyArns: [KEY, 'alias/old'] }),
    ).toThrow(
      'integrationsHub.encryption.awsKms.previousKeyArns[1] must be a key ARN',
    );
  });

  it('refuses a timeout that is not a positive integer', () => {
    expect(() => read({ keyId: KEY, requestTimeoutMs: 0 })).toThrow(
      'integrationsHub.encryption.awsKms.requestTimeoutMs must be a positive integer',
    );
  });

  it('reads static credentials when an adopter sets them', () => {
    expect(
      read({
        keyId: KEY,
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
      }).credentials,
    ).toEqual({ accessKeyId: 'AKIA', secretAccessKey: 's' });
  });

  it('finds the region in a key ARN, not in an alias', () => {
    expect(regionOfKeyArn(KEY)).toBe('eu-west-1');
    expect(regionOfKeyArn('alias/integrations')).toBeUndefined();
    expect(
      regionOfKeyArn('arn:aws:kms:eu-west-1:111122223333:alias/integrations'),
    ).toBeUndefined();
  });
});
