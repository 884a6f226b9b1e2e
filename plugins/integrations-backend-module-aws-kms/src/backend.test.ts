import {
  DecryptCommand,
  EncryptCommand,
  KMSClient,
  KMSServiceException,
} from '@aws-sdk/client-kms';
import {
  BackendFeature,
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
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
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import { integrationsModuleAwsKmsKeys } from './module';
import { FakeKms } from './__testUtils__/fakeKms';

jest.setTimeout(60_000);

const KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const NEW_KEY =
  'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000009';
const CANARY = 'sk_canary_aws_kms_5b7e';
const PROJECT = 'component:default/checkout';
const alice = { Authorization: userHeader('user:default/alice') };
const service = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:billing'),
    targetPluginId: 'integrations',
  }),
};
const throttled = new KMSServiceException({
  name: 'ThrottlingException',
  $fault: 'client',
  $metadata: { httpStatusCode: 400 },
  message: 'Rate exceeded',
});

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const kms = mockClient(KMSClient);
const fake = new FakeKms();
fake.addKey(KEY);
fake.addKey(NEW_KEY);

type Database = Awaited<ReturnType<typeof databases.init>>;

/** Every row of every table the backend made, as text: what a database dump holds. */
async function dump(knex: Database): Promise<string> {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex('pg_tables')
            .whereRaw('schemaname = current_schema()')
            .select('tablename')
        ).map(row => row.tablename)
      : (
          await knex('sqlite_master').where({ type: 'table' }).select('name')
        ).map(row => row.name);
  const rows = await Promise.all(tables.map(table => knex(table).select()));
  return JSON.stringify(rows);
}

describe.each(databases.eachSupportedId())(
  'the aws-kms provider in the Integrations backend on %p',
  databaseId => {
    let knex: Database;
    let backend: TestBackend | undefined;
    let output: ReturnType<typeof captureOutput>;

    // A start is a replica with a cold data key cache.
    const start = async (
      awsKms: object = { keyId: KEY },
      features: BackendFeature[] = [],
    ) => {
      await backend?.stop();
      backend = await startIntegrationsBackend({
        knex,
        config: integrationsTestConfig({
          integrationsHub: { encryption: { provider: 'aws-kms', awsKms } },
        }),
        features: [integrationsModuleAwsKmsKeys, ...features],
      });
      return backend;
    };
    const resolve = () =>
      request(backend!.server)
        .get('/api/integrations/resolve')
        .query({ project: PROJECT })
        .set(service);

    beforeAll(async () => {
      output = captureOutput();
      knex = await databases.init(databaseId);
      kms.reset();
      fake.install(kms);
    });

    afterAll(async () => {
      await backend?.stop();
      output.restore();
    });

    it('seals under data keys KMS wraps, resolves after a restart through Decrypt, answers 503 naming aws-kms while KMS throttles and recovers', async () => {
      await start();
      const created = await request(backend!.server)
        .post('/api/integrations/integrations')
        .set(alice)
        .send(integrationBody({}, CANARY));
      expect(created.status).toBe(201);

      const encrypts = kms.commandCalls(EncryptCommand);
      expect(encrypts.length).toBeGreaterThanOrEqual(1);
      const wrap = encrypts[0].args[0].input;
      expect(wrap.KeyId).toBe(KEY);
      expect(Object.keys(wrap.EncryptionContext!).sort()).toEqual([
        'dataKeyId',
        'purpose',
      ]);
      expect(wrap.EncryptionContext!.purpose).toBe(
        'backstage-integrations-data-key',
      );
      const dataKey = Buffer.from(wrap.Plaintext!);
      expect(dataKey).toHaveLength(32);

      // Only the wrapped data key is stored: no table holds the data key itself.
      const stored = await dump(knex);
      expect(stored).toContain(fake.wrapped.at(-1));
      expect(stored).not.toContain(dataKey.toString('base64'));
      expect(stored).not.toContain(dataKey.toString('hex'));
      expect(stored).not.toContain(CANARY);

      await start();
      const afterRestart = await resolve();
      expect(afterRestart.status).toBe(200);
      expect(JSON.stringify(afterRestart.body)).toContain(CANARY);
      const unwrap = kms.commandCalls(DecryptCommand).at(-1)!.args[0].input;
      expect(unwrap.KeyId).toBe(KEY);
      expect(unwrap.EncryptionContext).toEqual(wrap.EncryptionContext);

      await start();
      kms.on(DecryptCommand).rejects(throttled);
      const outage = await resolve();
      expect(outage.status).toBe(503);
      expect(outage.headers['retry-after']).toBeDefined();
      expect(JSON.stringify(outage.body)).toContain('aws-kms');
      expect(JSON.stringify(outage.body)).not.toContain(CANARY);

      kms.reset();
      fake.install(kms);
      const recovered = await resolve();
      expect(recovered.status).toBe(200);
      expect(JSON.stringify(recovered.body)).toContain(CANARY);

      const logs = output.text();
      expect(logs).toContain('aws-kms');
      for (const secret of [
        CANARY,
        dataKey.toString('base64'),
        dataKey.toString('hex'),
        ...fake.wrapped,
      ]) {
        expect(logs).not.toContain(secret);
      }
    });

    it('moves to another KMS key: the upkeep task rewraps each data key under it without writing a credential row', async () => {
      knex = await databases.init(databaseId);
      await start();
      await request(backend!.server)
        .post('/api/integrations/integrations')
        .set(alice)
        .send(integrationBody({}, CANARY))
        .expect(201);
      const credentialsBefore = await knex('integration_credentials').select();

      let scheduler: SchedulerService | undefined;
      const schedulerProbe = createBackendModule({
        pluginId: 'integrations',
        moduleId: 'test-scheduler-probe',
        register(env) {
          env.registerInit({
            deps: { pluginScheduler: coreServices.scheduler },
            async init({ pluginScheduler }) {
              scheduler = pluginScheduler;
            },
          });
        },
      });
      await start({ keyId: NEW_KEY, previousKeyArns: [KEY] }, [
        schedulerProbe,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ]);
      kms.resetHistory();
      // The mock scheduler's triggerTask returns when the task has run.
      await scheduler!.triggerTask('integrations-reencrypt-credentials');

      const dataKeys = await knex('integration_data_keys').select();
      expect(dataKeys.map(row => [row.provider, row.kek_id])).toEqual([
        ['aws-kms', NEW_KEY],
      ]);
      expect(await knex('integration_credentials').select()).toEqual(
        credentialsBefore,
      );
      const unwrap = kms.commandCalls(DecryptCommand)[0].args[0].input;
      const wrap = kms.commandCalls(EncryptCommand)[0].args[0].input;
      expect(unwrap.KeyId).toBe(KEY);
      expect(wrap.KeyId).toBe(NEW_KEY);
      expect(wrap.EncryptionContext).toEqual(unwrap.EncryptionContext);
      expect(wrap.EncryptionContext!.dataKeyId).toBe(dataKeys[0].id);

      // The old key is no longer needed: a replica that does not hold it resolves.
      await start({ keyId: NEW_KEY });
      kms.resetHistory();
      const resolved = await resolve().expect(200);
      expect(JSON.stringify(resolved.body)).toContain(CANARY);
      expect(
        kms.commandCalls(DecryptCommand).map(call => call.args[0].input.KeyId),
      ).toEqual([NEW_KEY]);
    });
  },
);
