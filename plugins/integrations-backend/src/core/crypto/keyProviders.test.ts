import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import {
  IntegrationsKeyProvider,
  IntegrationsKeyRejectedError,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { Keyring } from './keyring';
import { KeyProviders } from './keyProviders';
import { KeyringKeyProvider } from './keyringProvider';

const secret = () => randomBytes(32).toString('base64');
const other: IntegrationsKeyProvider = {
  id: 'hsm',
  activeKeyId: () => 'label-1',
  wrapKey: async () => ({ keyId: 'label-1', wrapped: 'x' }),
  unwrapKey: async () => Buffer.alloc(32),
};

describe('KeyProviders', () => {
  it('has the keyring as the default provider', () => {
    const { providers, keyring } = KeyProviders.fromConfig(
      new ConfigReader({
        integrationsHub: {
          encryption: { keys: [{ id: 'k1', secret: secret() }] },
        },
      }),
      [other],
    );
    expect(providers.active.id).toBe('keyring');
    expect(providers.active.activeKeyId()).toBe('k1');
    expect(providers.ids).toEqual(['keyring', 'hsm']);
    expect(keyring?.activeKeyId).toBe('k1');
  });

  it('picks an added provider by id and needs no keyring then', () => {
    const { providers, keyring } = KeyProviders.fromConfig(
      new ConfigReader({
        integrationsHub: { encryption: { provider: 'hsm' } },
      }),
      [other],
    );
    expect(providers.active).toBe(other);
    expect(keyring).toBeUndefined();
  });

  it('names the missing provider and the installed ones', () => {
    expect(() =>
      KeyProviders.fromConfig(
        new ConfigReader({
          integrationsHub: { encryption: { provider: 'aws-kms' } },
        }),
        [other],
      ),
    ).toThrow(
      'Integrations: integrationsHub.encryption.provider is "aws-kms", but no installed module adds that key provider (installed: hsm); add its module with backend.add',
    );
  });

  it('refuses two providers with one id', () => {
    expect(() => new KeyProviders([other, other], 'hsm')).toThrow(
      'two key providers share the id "hsm"',
    );
  });
});

describe('KeyringKeyProvider', () => {
  const provider = new KeyringKeyProvider(
    new Keyring([
      { id: 'k2', secret: randomBytes(32) },
      { id: 'k1', secret: randomBytes(32) },
    ]),
  );
  const dataKey = randomBytes(32);

  it('unwraps what it wrapped under the active key', async () => {
    const wrapped = await provider.wrapKey(dataKey, { dataKeyId: 'd1' });
    expect(wrapped.keyId).toBe('k2');
    expect(wrapped.wrapped).not.toContain(dataKey.toString('base64'));
    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'd1' }),
    ).resolves.toEqual(dataKey);
  });

  it('rejects a wrapped key moved to another data key or under another key', async () => {
    const wrapped = await provider.wrapKey(dataKey, { dataKeyId: 'd1' });
    await expect(
      provider.unwrapKey(wrapped, { dataKeyId: 'd2' }),
    ).rejects.toBeInstanceOf(IntegrationsKeyRejectedError);
    const stranger = new KeyringKeyProvider(
      new Keyring([{ id: 'k2', secret: randomBytes(32) }]),
    );
    await expect(
      stranger.unwrapKey(wrapped, { dataKeyId: 'd1' }),
    ).rejects.toBeInstanceOf(IntegrationsKeyRejectedError);
  });
});
