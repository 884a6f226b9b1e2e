import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Knex } from 'knex';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  IntegrationsKeyProvider,
  integrationsKeyProvidersExtensionPoint,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { Keyring } from './core/crypto/keyring';
import { KeyringKeyProvider } from './core/crypto/keyringProvider';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  testConfig,
  userHeader,
} from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const CANARY = 'canary-outage-3f7a';
const PROJECT = 'component:default/checkout';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = { Authorization: userHeader('user:default/alice') };
const billing = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:billing'),
    targetPluginId: 'integrations',
  }),
};

/** A key provider that can be taken down and brought back, like an HSM behind a network. */
class SwitchableKeyProvider implements IntegrationsKeyProvider {
  readonly id = 'switchable';
  up = true;
  calls = 0;
  private readonly inner = new KeyringKeyProvider(
    new Keyring([{ id: 'kek-1', secret: randomBytes(32) }]),
  );
  activeKeyId() {
    return 'kek-1';
  }
  private reach() {
    this.calls += 1;
    if (!this.up) throw new Error('connect ECONNREFUSED hsm.example:1792');
  }
  async wrapKey(...args: Parameters<IntegrationsKeyProvider['wrapKey']>) {
    this.reach();
    return this.inner.wrapKey(...args);
  }
  async unwrapKey(...args: Parameters<IntegrationsKeyProvider['unwrapKey']>) {
    this.reach();
    return this.inner.unwrapKey(...args);
  }
}

describe.each(databases.eachSupportedId())(
  'a key provider outage over HTTP on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    const provider = new SwitchableKeyProvider();
    const api = () => request(backend.server);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({
        knex,
        config: testConfig({
          integrationsHub: {
            // No keyring at all: the module's provider is the only one.
            encryption: { provider: 'switchable', dataKeyCacheSeconds: 1 },
          },
        }),
        features: [
          createBackendModule({
            pluginId: 'integrations',
            moduleId: 'switchable-keys',
            register(env) {
              env.registerInit({
                deps: { keys: integrationsKeyProvidersExtensionPoint },
                async init({ keys }) {
                  keys.addKeyProvider(provider);
                },
              });
            },
          }),
        ],
      });
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });

    it('resolves from cached data keys, answers 503 naming the provider once they expire, keeps list and get, and recovers', async () => {
      const output = captureOutput();
      try {
        const created = await api()
          .post('/api/integrations/integrations')
          .set(alice)
          .send(integrationBody({}, CANARY));
        expect(created.status).toBe(201);
        const id = created.body.id;
        const [dataKey] = await knex('integration_data_keys');
        expect(dataKey).toMatchObject({
          provider: 'switchable',
          kek_id: 'kek-1',
        });

        const resolve = () =>
          api()
            .get(`/api/integrations/resolve?project=${PROJECT}`)
            .set(billing);
        const reveal = () =>
          api()
            .post(
              `/api/integrations/integrations/${id}/credentials/API_KEY/reveal`,
            )
            .set(alice);
        const first = await resolve();
        expect(first.status).toBe(200);
        expect(first.body.integrations[0].credentials.API_KEY).toBe(CANARY);

        // Down: the cached data key keeps resolve working without the provider.
        provider.up = false;
        const callsBefore = provider.calls;
        const cached = await resolve();
        expect(cached.status).toBe(200);
        expect(cached.body.integrations[0].credentials.API_KEY).toBe(CANARY);
        expect(provider.calls).toBe(callsBefore);

        // Past the cache bound: 503 naming the provider, no value, no stack.
        await new Promise(r => setTimeout(r, 1100));
        for (const res of [await resolve(), await reveal()]) {
          expect(res.status).toBe(503);
          expect(res.headers['retry-after']).toBeDefined();
          expect(res.body.error.message).toBe(
            'Key provider "switchable" is unavailable, so stored credentials cannot be opened; retry in a few seconds',
          );
          expect(JSON.stringify(res.body)).not.toContain(CANARY);
          expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.[jt]s:\d+/);
        }
        // List and get do not open values.
        expect(
          (await api().get('/api/integrations/integrations').set(alice)).status,
        ).toBe(200);
        expect(
          (await api().get(`/api/integrations/integrations/${id}`).set(alice))
            .status,
        ).toBe(200);

        // Back: the next request unwraps again, nothing to restart.
        provider.up = true;
        const recovered = await resolve();
        expect(recovered.status).toBe(200);
        expect(recovered.body.integrations[0].credentials.API_KEY).toBe(CANARY);
        expect((await reveal()).body.value).toBe(CANARY);
      } finally {
        output.restore();
      }
      const logged = output.text();
      expect(logged).toContain(
        'key provider "switchable" is unavailable: connect ECONNREFUSED hsm.example:1792',
      );
      expect(logged).toContain('key provider "switchable" answers again');
      // Logged once per outage, not per request.
      expect(logged.split('"switchable" is unavailable: connect').length).toBe(
        2,
      );
      expect(logged).not.toContain(CANARY);
    });
  },
);
