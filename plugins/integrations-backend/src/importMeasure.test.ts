import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from './__testUtils__/testBackend';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

// A measurement, not a timed assertion: prints how long 1,000 rows take on PostgreSQL.
describe.each(databases.eachSupportedId())('import of 1,000 on %s', id => {
  it('creates 1,000 integrations with 2 credentials each in one request', async () => {
    const knex = await databases.init(id);
    const backend = await startIntegrationsBackend({ knex });
    try {
      const rows = Array.from({ length: 1000 }, (_, i) =>
        integrationBody(
          { name: `Imported ${String(i).padStart(4, '0')}` },
          `value-${i}-${'x'.repeat(40)}`,
        ),
      );
      const started = process.hrtime.bigint();
      const res = await request(backend.server)
        .post('/api/integrations/integrations/import')
        .set('Authorization', userHeader())
        .send({ integrations: rows });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(res.status).toBe(201);
      expect(Number((await knex('integrations').count({ n: '*' }))[0].n)).toBe(
        1000,
      );
      expect(
        Number((await knex('integration_credentials').count({ n: '*' }))[0].n),
      ).toBe(2000);
      process.stdout.write(
        `\nIMPORT 1000 integrations x 2 credentials on ${id}: ${ms.toFixed(
          0,
        )} ms (body ${Math.round(
          JSON.stringify({ integrations: rows }).length / 1024,
        )} kB)\n`,
      );
    } finally {
      await backend.stop();
      await knex.destroy();
    }
  });
});
