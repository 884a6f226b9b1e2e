import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { testEncryption } from '../__testUtils__/encryption';
import { credentialAad, Keyring } from './keyring';
import { CredentialUnavailableError } from './CredentialOpener';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const key = (id: string) => ({ id, secret: randomBytes(32) });
const VALUE = 'canary-opener-52d1';

describe.each(databases.eachSupportedId())('CredentialOpener on %s', id => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@integrations-hub/backstage-plugin-integrations-backend',
        'migrations',
      ),
    });
  });
  afterAll(async () => knex?.destroy());

  it('seals under a data key wrapped by the keyring and opens it again', async () => {
    const { opener } = testEncryption(knex, {
      keyring: new Keyring([key('k1')]),
    });
    const { ciphertext, keyId } = await opener.seal('i-1', 'API_KEY', VALUE);
    expect(ciphertext.startsWith(`v2.${keyId}.`)).toBe(true);
    const stored = await knex('integration_data_keys').where({ id: keyId });
    expect(stored).toEqual([
      expect.objectContaining({ provider: 'keyring', kek_id: 'k1' }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(VALUE);
    await expect(
      opener.open({ integrationId: 'i-1', key: 'API_KEY', ciphertext }),
    ).resolves.toBe(VALUE);
  });

  it('still opens a value sealed directly under the keyring (before envelope encryption)', async () => {
    const keyring = new Keyring([key('old')]);
    const { opener } = testEncryption(knex, { keyring });
    const { sealed } = keyring.seal(VALUE, credentialAad('i-1', 'API_KEY'));
    await expect(
      opener.open({ integrationId: 'i-1', key: 'API_KEY', ciphertext: sealed }),
    ).resolves.toBe(VALUE);
  });

  it('refuses a value copied to another integration with an error naming the keys, never the value', async () => {
    const logger = mockServices.logger.mock();
    const { opener } = testEncryption(knex, { logger });
    const { ciphertext, keyId } = await opener.seal('i-1', 'API_KEY', VALUE);
    const error = await opener
      .open({ integrationId: 'i-2', key: 'API_KEY', ciphertext })
      .catch(e => e);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    const { message, key: failedKey } = error as CredentialUnavailableError;
    expect(message).toBe(
      `Credential "API_KEY" of integration i-2 could not be decrypted (data key "${keyId}" wrapped by key provider "keyring" under key "k1": ` +
        'authentication failed: the value was altered or does not belong here); an operator must check the encryption keys',
    );
    expect(failedKey).toBe('API_KEY');
    expect(message).not.toContain(VALUE);
    expect(logger.error).toHaveBeenCalledWith(message);
  });

  it('opens nothing under a keyring with other keys: a dump read with the wrong provider yields no plaintext', async () => {
    const { opener } = testEncryption(knex, {
      keyring: new Keyring([key('k9')]),
    });
    const { ciphertext } = await opener.seal('i-1', 'API_KEY', VALUE);
    // Same key id, another secret: what an attacker with the dump and a guessed config has.
    const stranger = testEncryption(knex, {
      keyring: new Keyring([key('k9')]),
    });
    const error = await stranger.opener
      .open({ integrationId: 'i-1', key: 'API_KEY', ciphertext, version: 3 })
      .catch(e => e);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toMatch(
      /^Version 3 of credential "API_KEY" of integration i-1 could not be decrypted \(data key ".*" wrapped by key provider "keyring" under key "k9": /,
    );
    expect(error.message).not.toContain(VALUE);
  });

  it('names a value sealed directly under a key that is no longer configured', async () => {
    const { sealed } = new Keyring([key('gone')]).seal(
      VALUE,
      credentialAad('i-1', 'API_KEY'),
    );
    const { opener } = testEncryption(knex);
    await expect(
      opener.open({ integrationId: 'i-1', key: 'API_KEY', ciphertext: sealed }),
    ).rejects.toThrow(
      /^Credential "API_KEY" of integration i-1 could not be decrypted \(encryption key "gone": sealed with key "gone", which is not in/,
    );
  });

  it('maps values by key without a prototype, so __proto__ and constructor are plain keys', async () => {
    const { opener } = testEncryption(knex);
    const seal = await opener.sealer();
    const record = {
      id: 'i-1',
      credentials: ['__proto__', 'constructor', 'toString'].map(k => ({
        key: k,
        ciphertext: seal('i-1', k, `${k}-value`).ciphertext,
      })),
    };
    const values = await opener.openAll(record);
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
    expect(await opener.openAll(record, ['toString'])).toEqual(
      Object.assign(Object.create(null), { toString: 'toString-value' }),
    );
  });
});
