import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
// The real backend plugin's test helpers, so the provider meets the real envelope encryption.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  captureOutput,
  integrationBody,
  integrationsTestConfig,
  startIntegrationsBackend,
  userHeader,
} from '@integrations-hub/backstage-plugin-integrations-backend/testUtils';
import request from 'supertest';
import { integrationsModulePkcs11Keys } from './module';
import { softHsmMissing, SoftHsmToken } from './__testUtils__/softHsm';

jest.setTimeout(120_000);

const CANARY = 'sk_canary_pkcs11_3c9d';
const PROJECT = 'component:default/checkout';
const alice = { Authorization: userHeader('user:default/alice') };
const service = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:billing'),
    targetPluginId: 'integrations',
  }),
};
const REENCRYPT_TASK = 'integrations-reencrypt-credentials';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
type Database = Awaited<ReturnType<typeof databases.init>>;

const describeWithSoftHsm = softHsmMissing() ? describe.skip : describe;

describeWithSoftHsm('the pkcs11 provider in the Integrations backend', () => {
  let token: SoftHsmToken;

  beforeAll(() => {
    token = new SoftHsmToken();
    token.generateKey('kek-1');
    token.generateKey('kek-2');
  });
  afterAll(() => token.dispose());

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Database;
    let backend: TestBackend | undefined;
    let scheduler: SchedulerService;
    let output: ReturnType<typeof captureOutput>;

    // Reaches the plugin's scheduler, to run the encryption upkeep (rewrap) now.
    const schedulerProbe = createBackendModule({
      pluginId: 'integrations',
      moduleId: 'test-scheduler-probe',
      register(reg) {
        reg.registerInit({
          deps: { pluginScheduler: coreServices.scheduler },
          async init({ pluginScheduler }) {
            scheduler = pluginScheduler;
          },
        });
      },
    });

    // A start is a replica with a cold data key cache.
    const start = async (
      keyLabel = 'kek-1',
      previousKeyLabels: string[] = [],
    ) => {
      await backend?.stop();
      backend = await startIntegrationsBackend({
        knex,
        config: integrationsTestConfig({
          integrationsHub: {
            encryption: {
              provider: 'pkcs11',
              pkcs11: token.config(keyLabel, { previousKeyLabels }),
              // Long enough for a loaded machine to make the next request within it.
              dataKeyCacheSeconds: 3,
            },
          },
        }),
        features: [integrationsModulePkcs11Keys, schedulerProbe],
      });
      return backend;
    };
    const api = () => request(backend!.server);
    const resolve = () =>
      api()
        .get('/api/integrations/resolve')
        .query({ project: PROJECT })
        .set(service);
    const dataKeys = () =>
      knex('integration_data_keys')
        .select('provider', 'kek_id')
        .orderBy('kek_id');
    const expireCache = () => new Promise(r => setTimeout(r, 3_200));

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      output = captureOutput();
    });

    afterAll(async () => {
      await backend?.stop();
      output.restore();
    });

    it('creates, resolves, rotates, restarts, answers 503 while the token is away and recovers', async () => {
      // Create and resolve: the value is sealed under a data key the token wrapped.
      await start();
      const created = await api()
        .post('/api/integrations/integrations')
        .set(alice)
        .send(integrationBody({}, CANARY));
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect((await resolve()).text).toContain(CANARY);
      expect(await dataKeys()).toEqual([
        { provider: 'pkcs11', kek_id: 'kek-1' },
      ]);

      // Rotate the credential: the new value is sealed under the same data key.
      const rotated = await api()
        .put(`/api/integrations/integrations/${id}`)
        .set(alice)
        .send({
          ...integrationBody(),
          version: 1,
          credentials: [
            { key: 'API_KEY', value: `${CANARY}-2` },
            { key: 'ORG_ID' },
          ],
        });
      expect(rotated.status).toBe(200);

      // Restart: the data key is unwrapped again, through the token.
      await start();
      const afterRestart = await resolve();
      expect(afterRestart.status).toBe(200);
      expect(afterRestart.text).toContain(`${CANARY}-2`);

      // Rotate the key-encryption key: kek-2 wraps new data keys, the upkeep rewraps
      // the old one, and values sealed before still resolve.
      await start('kek-2', ['kek-1']);
      expect((await resolve()).text).toContain(`${CANARY}-2`);
      await scheduler.triggerTask(REENCRYPT_TASK);
      for (let i = 0; i < 100; i++) {
        const keys = await dataKeys();
        if (keys.every(k => k.kek_id === 'kek-2')) break;
        await new Promise(r => setTimeout(r, 200));
      }
      expect(await dataKeys()).toEqual([
        { provider: 'pkcs11', kek_id: 'kek-2' },
      ]);
      await start('kek-2');
      expect((await resolve()).text).toContain(`${CANARY}-2`);

      // The token goes away: cached data keys serve until the cache bound, then 503.
      token.remove();
      try {
        expect((await resolve()).status).toBe(200);
        await expireCache();
        const outage = await resolve();
        expect(outage.status).toBe(503);
        expect(outage.text).toContain('pkcs11');
        expect(outage.text).not.toContain(CANARY);
        // List and get do not decrypt: they keep working.
        expect(
          (await api().get('/api/integrations/integrations').set(alice)).status,
        ).toBe(200);
        expect(
          (await api().get(`/api/integrations/integrations/${id}`).set(alice))
            .status,
        ).toBe(200);
        const reveal = await api()
          .post(
            `/api/integrations/integrations/${id}/credentials/API_KEY/reveal`,
          )
          .set(alice);
        expect(reveal.status).toBe(503);
      } finally {
        token.restore();
      }

      // Back: the next request reconnects, with nothing restarted.
      const recovered = await resolve();
      expect(recovered.status).toBe(200);
      expect(recovered.text).toContain(`${CANARY}-2`);

      // Nothing secret in the database or the logs.
      const stored = JSON.stringify(
        await knex('integration_data_keys').select(),
      );
      expect(stored).not.toContain(CANARY);
      const logs = output.text();
      expect(logs).toContain('PKCS#11 token "integrations" is not present');
      expect(logs).toContain('pkcs11');
      for (const secret of [CANARY, token.pin]) {
        expect(logs).not.toContain(secret);
      }
    });
  });
});
