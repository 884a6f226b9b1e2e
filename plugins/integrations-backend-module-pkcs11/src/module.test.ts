import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  IntegrationsKeyProvider,
  integrationsKeyProvidersExtensionPoint,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { integrationsModulePkcs11Keys } from './module';
import { softHsmMissing, SoftHsmToken } from './__testUtils__/softHsm';

const describeWithSoftHsm = softHsmMissing() ? describe.skip : describe;

describeWithSoftHsm('integrationsModulePkcs11Keys', () => {
  let token: SoftHsmToken;

  beforeAll(() => {
    token = new SoftHsmToken();
    token.generateKey('kek-1');
  });
  afterAll(() => token.dispose());

  it('adds the pkcs11 provider with one backend.add and lets go of the token at shutdown', async () => {
    const providers: IntegrationsKeyProvider[] = [];
    // Stands in for the integrations backend: only its extension point.
    const integrations = createBackendPlugin({
      pluginId: 'integrations',
      register(reg) {
        reg.registerExtensionPoint(integrationsKeyProvidersExtensionPoint, {
          addKeyProvider: provider => providers.push(provider),
        });
        reg.registerInit({ deps: {}, async init() {} });
      },
    });
    const backend = await startTestBackend({
      features: [
        integrations,
        integrationsModulePkcs11Keys,
        mockServices.rootConfig.factory({
          data: {
            integrationsHub: {
              encryption: { pkcs11: token.config('kek-1') },
            },
          },
        }),
      ],
    });
    try {
      expect(providers.map(p => [p.id, p.activeKeyId()])).toEqual([
        ['pkcs11', 'kek-1'],
      ]);
      const dataKey = Buffer.alloc(32, 9);
      const wrapped = await providers[0].wrapKey(dataKey, { dataKeyId: 'dk' });
      await expect(
        providers[0].unwrapKey(wrapped, { dataKeyId: 'dk' }),
      ).resolves.toEqual(dataKey);
    } finally {
      await backend.stop();
    }
    await expect(
      providers[0].wrapKey(Buffer.alloc(32), { dataKeyId: 'dk' }),
    ).rejects.toThrow('PKCS#11 token "integrations": the provider was closed');
  });
});
