import { Knex } from 'knex';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { UsageStore } from '../store/UsageStore';
import { UsageRecorder } from './UsageRecorder';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())(
  'usage recorder on %s',
  databaseId => {
    let knex: Knex;
    let store: UsageStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      store = new UsageStore(knex);
    });
    beforeEach(async () => {
      await knex('integration_usage').delete();
    });
    afterAll(async () => {
      await knex?.destroy();
    });

    const rows = () =>
      knex('integration_usage').orderBy(['integration_id', 'consumer']);
    const logger = mockServices.logger.mock();
    const at = new Date('2026-11-24T12:00:00Z');

    it('writes nothing per use and one aggregated row per key on flush', async () => {
      const recorder = new UsageRecorder(store, logger);
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) =>
          recorder.record({
            integrationIds: ['i-1', 'i-2'],
            consumer: i % 2 ? 'plugin:billing' : 'external:ci',
            project: 'component:default/shop',
            at: new Date(at.getTime() + i * 1000),
          }),
        ),
      );
      expect(await rows()).toHaveLength(0);

      await recorder.flush();
      const written = await rows();
      expect(
        written.map(r => [
          r.integration_id,
          r.consumer,
          r.day,
          Number(r.count),
        ]),
      ).toEqual([
        ['i-1', 'external:ci', '2026-11-24', 25],
        ['i-1', 'plugin:billing', '2026-11-24', 25],
        ['i-2', 'external:ci', '2026-11-24', 25],
        ['i-2', 'plugin:billing', '2026-11-24', 25],
      ]);
      const [usage] = await store.listUsage('i-1');
      expect(usage.firstUsedAt).toEqual(new Date(at.getTime() + 1000));
      expect(usage.lastUsedAt).toEqual(new Date(at.getTime() + 49_000));

      // Nothing new: the next flush writes nothing; new uses add to the same rows.
      await recorder.flush();
      recorder.record({
        integrationIds: ['i-1'],
        consumer: 'external:ci',
        project: 'component:default/shop',
        at,
      });
      await recorder.flush();
      expect(await rows()).toHaveLength(4);
      expect(Number((await rows())[0].count)).toBe(26);
    });

    it('keeps the counts when a flush fails and writes them on the next one', async () => {
      const recorder = new UsageRecorder(store, logger);
      recorder.record({
        integrationIds: ['i-1'],
        consumer: 'plugin:billing',
        project: 'component:default/shop',
        at,
      });
      await knex.schema.renameTable(
        'integration_usage',
        'integration_usage_away',
      );
      try {
        await recorder.flush();
      } finally {
        await knex.schema.renameTable(
          'integration_usage_away',
          'integration_usage',
        );
      }
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('Could not record credential usage'),
      );
      recorder.record({
        integrationIds: ['i-1'],
        consumer: 'plugin:billing',
        project: 'component:default/shop',
        at,
      });
      await recorder.flush();
      expect((await rows()).map(r => Number(r.count))).toEqual([2]);
    });

    it('flushes on shutdown', async () => {
      const lifecycle = mockServices.lifecycle.mock();
      const recorder = UsageRecorder.create({ store, logger, lifecycle });
      recorder.record({
        integrationIds: ['i-9'],
        consumer: 'plugin:billing',
        project: 'component:default/shop',
        at,
      });
      const [[hook]] = (lifecycle.addShutdownHook as jest.Mock).mock.calls;
      await hook();
      expect((await rows()).map(r => r.integration_id)).toEqual(['i-9']);
    });
  },
);
