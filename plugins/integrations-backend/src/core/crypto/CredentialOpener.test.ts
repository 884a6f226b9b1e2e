import { randomBytes } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { Keyring } from './keyring';
import {
  CredentialOpener,
  CredentialUnavailableError,
} from './CredentialOpener';

const key = (id: string) => ({ id, secret: randomBytes(32) });
const VALUE = 'canary-opener-52d1';

describe('CredentialOpener', () => {
  const k1 = key('k1');
  const logger = mockServices.logger.mock();
  const opener = new CredentialOpener(new Keyring([k1]), logger);

  it('opens what it sealed for the same integration and key', () => {
    const { ciphertext, keyId } = opener.seal('i-1', 'API_KEY', VALUE);
    expect(keyId).toBe('k1');
    expect(
      opener.open({ integrationId: 'i-1', key: 'API_KEY', ciphertext }),
    ).toBe(VALUE);
  });

  it('refuses a value copied to another integration with an error naming the key id, never the value', () => {
    const { ciphertext } = opener.seal('i-1', 'API_KEY', VALUE);
    let error: unknown;
    try {
      opener.open({ integrationId: 'i-2', key: 'API_KEY', ciphertext });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    const { message, key: failedKey } = error as CredentialUnavailableError;
    expect(message).toMatch(
      /^Credential "API_KEY" of integration i-2 could not be decrypted \(encryption key "k1": .*\); an operator must check the encryption keys$/,
    );
    expect(failedKey).toBe('API_KEY');
    expect(message).not.toContain(VALUE);
    expect(logger.error).toHaveBeenCalledWith(message);
  });

  it('names a kept version and a key that is no longer configured', () => {
    const other = new CredentialOpener(new Keyring([key('k2')]), logger);
    const { ciphertext } = opener.seal('i-1', 'API_KEY', VALUE);
    expect(() =>
      other.open({
        integrationId: 'i-1',
        key: 'API_KEY',
        ciphertext,
        version: 3,
      }),
    ).toThrow(
      /^Version 3 of credential "API_KEY" of integration i-1 could not be decrypted \(encryption key "k1": sealed with key "k1", which is not in/,
    );
  });

  it('maps values by key without a prototype, so __proto__ and constructor are plain keys', () => {
    const record = {
      id: 'i-1',
      credentials: ['__proto__', 'constructor', 'toString'].map(k => ({
        key: k,
        ciphertext: opener.seal('i-1', k, `${k}-value`).ciphertext,
      })),
    };
    const values = opener.openAll(record);
    expect(Object.keys(values)).toEqual([
      '__proto__',
      'constructor',
      'toString',
    ]);
    expect(JSON.parse(JSON.stringify(values))).toEqual(
      JSON.parse(
        '{"__proto__":"__proto__-value","constructor":"constructor-value","toString":"toString-value"}',
      ),
    );
    expect(opener.openAll(record, ['toString'])).toEqual(
      Object.assign(Object.create(null), { toString: 'toString-value' }),
    );
  });
});
