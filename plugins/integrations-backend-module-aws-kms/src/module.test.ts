import { KMSClient } from '@aws-sdk/client-kms';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  IntegrationsKeyProvider,
  integrationsKeyProvidersExtensionPoint,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { integrationsModuleAwsKmsKeys } from './module';
import { FakeKms } from './__testUtils__/fakeKms';

const KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const ALIAS = 'alias/backstage-integrations';
const kms = mockClient(KMSClient);

/** Stands for the integrations plugin: collects what modules add. */
function collectingPlugin(providers: IntegrationsKeyProvider[]) {
  return createBackendPlugin({
    pluginId: 'integrations',
    register(env) {
      env.registerExtensionPoint(integrationsKeyProvidersExtensionPoint, {
        addKeyProvider: provider => providers.push(provider),
      });
      env.registerInit({
        deps: { root: coreServices.rootLifecycle },
        async init() {},
      });
    },
  });
}

describe('integrationsModuleAwsKmsKeys', () => {
  beforeEach(() => {
    kms.reset();
    const fake = new FakeKms();
    fake.addKey(KEY, ALIAS);
    fake.install(kms);
  });

  it('adds the aws-kms provider, its alias resolved to the key ARN, with one backend.add', async () => {
    const providers: IntegrationsKeyProvider[] = [];
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        collectingPlugin(providers),
        integrationsModuleAwsKmsKeys,
        mockServices.rootConfig.factory({
          data: {
            integrationsHub: {
              encryption: { awsKms: { keyId: ALIAS, region: 'eu-west-1' } },
            },
          },
        }),
        logger.factory,
      ],
    });

    expect(providers.map(p => [p.id, p.activeKeyId()])).toEqual([
      ['aws-kms', KEY],
    ]);
    const dataKey = randomBytes(32);
    const wrapped = await providers[0].wrapKey(dataKey, { dataKeyId: 'dk-1' });
    expect(
      (await providers[0].unwrapKey(wrapped, { dataKeyId: 'dk-1' })).equals(
        dataKey,
      ),
    ).toBe(true);
    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain(KEY);
    expect(logged).not.toContain(dataKey.toString('base64'));
    expect(logged).not.toContain(wrapped.wrapped);
    await backend.stop();
  });

  it('stops the backend from starting without its config, saying which key is missing', async () => {
    await expect(
      startTestBackend({
        features: [collectingPlugin([]), integrationsModuleAwsKmsKeys],
      }),
    ).rejects.toThrow(/integrationsHub\.encryption\.awsKms\.keyId/);
  });
});
