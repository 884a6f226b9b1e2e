import request from 'supertest';
import { Knex } from 'knex';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from '../../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const CANARY = 'canary-usage-5c1d';

describe.each(databases.eachSupportedId())(
  'usage of resolve on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend | undefined;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({ knex });
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });

    it('counts 50 parallel resolves in one usage row, writes no row per call, audits every call', async () => {
      const created = await request(backend!.server)
        .post('/api/integrations/integrations')
        .set({ Authorization: userHeader() })
        .send(integrationBody({}, CANARY));
      expect(created.status).toBe(201);
      const id = created.body.id;
      const service = {
        Authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:billing'),
          targetPluginId: 'integrations',
        }),
      };
      const eventsBefore = Number(
        (await knex('integration_events').count({ n: '*' }))[0].n,
      );

      const output = captureOutput();
      let statuses: number[];
      try {
        statuses = (
          await Promise.all(
            Array.from({ length: 50 }, () =>
              request(backend!.server)
                .get(
                  '/api/integrations/resolve?project=component:default/checkout',
                )
                .set(service),
            ),
          )
        ).map(r => r.status);
      } finally {
        output.restore();
      }
      expect(statuses).toEqual(Array(50).fill(200));
      // The auditor saw every call: initiated and succeeded, each.
      const audited = output
        .text()
        .split('\n')
        .filter(line => line.includes('integrations.resolve-credentials'));
      expect(audited).toHaveLength(100);
      expect(output.text()).not.toContain(CANARY);

      // Nothing was written per call: no events, no usage rows yet.
      expect(
        Number((await knex('integration_events').count({ n: '*' }))[0].n),
      ).toBe(eventsBefore);
      expect(await knex('integration_usage')).toEqual([]);

      // Shutdown flushes the aggregate: one row, all 50 uses.
      await backend!.stop();
      backend = undefined;
      const rows = await knex('integration_usage');
      expect(
        rows.map(r => [
          r.integration_id,
          r.consumer,
          r.project,
          Number(r.count),
        ]),
      ).toEqual([[id, 'plugin:billing', 'component:default/checkout', 50]]);
    });
  },
);
