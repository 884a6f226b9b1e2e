import request from 'supertest';
import knexFactory, { Knex } from 'knex';
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
} from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const CANARY = 'canary-pause-5c2d';
const ROTATED = 'canary-pause-rotated-91fe';
const CHECKOUT = 'component:default/checkout';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = { Authorization: userHeader('user:default/alice') };
const billing = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:billing'),
    targetPluginId: 'integrations',
  }),
};

describe.each(databases.eachSupportedId())(
  'operating credentials over HTTP on %s, two backend instances',
  databaseId => {
    let knexA: Knex;
    let knexB: Knex;
    let replicaA: TestBackend;
    let replicaB: TestBackend;
    let output: ReturnType<typeof captureOutput>;

    beforeAll(async () => {
      knexA = await databases.init(databaseId);
      // PostgreSQL: an independent pool, as another replica has. SQLite in memory is one database per connection.
      knexB = databaseId.startsWith('POSTGRES')
        ? knexFactory(knexA.client.config)
        : knexA;
      replicaA = await startIntegrationsBackend({ knex: knexA });
      replicaB = await startIntegrationsBackend({ knex: knexB });
    });
    afterAll(async () => {
      await replicaA?.stop();
      await replicaB?.stop();
      if (knexB !== knexA) await knexB?.destroy();
      await knexA?.destroy();
    });
    beforeEach(() => {
      output = captureOutput();
    });
    afterEach(() => {
      const logged = output.text();
      output.restore();
      // Every test doubles as a log leak check.
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(CANARY);
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(ROTATED);
    });

    const create = async () => {
      const res = await request(replicaB.server)
        .post('/api/integrations/integrations')
        .set(alice)
        .send(integrationBody({ type: 'telephony' }, CANARY));
      expect(res.status).toBe(201);
      return res.body;
    };
    const resolveOnA = async () => {
      const res = await request(replicaA.server)
        .get(`/api/integrations/resolve?project=${CHECKOUT}`)
        .set(billing);
      expect(res.status).toBe(200);
      return res.body.integrations as Array<{
        id: string;
        credentials: Record<string, string>;
      }>;
    };
    const projectPath = (id: string, action: string) =>
      `/api/integrations/integrations/${id}/projects/${encodeURIComponent(
        CHECKOUT,
      )}/${action}`;

    it('excludes a paused assignment on the very next resolve on the other replica, and includes it again after resume', async () => {
      const { id } = await create();
      expect((await resolveOnA()).map(i => i.id)).toContain(id);

      const paused = await request(replicaB.server)
        .post(projectPath(id, 'pause'))
        .set(alice)
        .send({ reason: 'suspected leak' });
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({
        entityRef: CHECKOUT,
        active: false,
        pausedBy: 'user:default/alice',
        pauseReason: 'suspected leak',
      });
      expect((await resolveOnA()).map(i => i.id)).not.toContain(id);

      const shown = await request(replicaA.server)
        .get(`/api/integrations/integrations/${id}`)
        .set(alice);
      expect(shown.body.projects).toEqual([CHECKOUT]);
      expect(shown.body.assignments[0]).toMatchObject({ active: false });

      const resumed = await request(replicaA.server)
        .post(projectPath(id, 'resume'))
        .set(alice);
      expect(resumed.status).toBe(200);
      expect(resumed.body.active).toBe(true);
      const again = await resolveOnA();
      expect(again.find(i => i.id === id)?.credentials.API_KEY).toBe(CANARY);
    });

    it('answers 400 naming the field for bad pause input, 404 for a project not assigned, and writes nothing', async () => {
      const { id } = await create();
      const long = await request(replicaA.server)
        .post(projectPath(id, 'pause'))
        .set(alice)
        .send({ reason: 'x'.repeat(501) });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/reason/);
      const unknown = await request(replicaA.server)
        .post(
          `/api/integrations/integrations/${id}/projects/${encodeURIComponent(
            'component:default/other',
          )}/pause`,
        )
        .set(alice)
        .send({});
      expect(unknown.status).toBe(404);
      const events = await request(replicaA.server)
        .get(`/api/integrations/integrations/${id}/events`)
        .set(alice);
      expect(events.body.items.map((e: any) => e.action)).toEqual(['created']);
    });

    it('rolls back a rotated credential: the old value as a new version, listed without values', async () => {
      const { id } = await create();
      const current = (
        await request(replicaA.server)
          .get(`/api/integrations/integrations/${id}`)
          .set(alice)
      ).body;
      const rotated = await request(replicaA.server)
        .put(`/api/integrations/integrations/${id}`)
        .set(alice)
        .send({
          ...integrationBody({ type: 'telephony' }, ROTATED),
          version: current.version,
          credentials: [{ key: 'API_KEY', value: ROTATED }, { key: 'ORG_ID' }],
        });
      expect(rotated.status).toBe(200);
      expect(
        (await resolveOnA()).find(i => i.id === id)?.credentials.API_KEY,
      ).toBe(ROTATED);

      const rollback = await request(replicaB.server)
        .post(
          `/api/integrations/integrations/${id}/credentials/API_KEY/rollback`,
        )
        .set(alice)
        .send({ version: 1 });
      expect(rollback.status).toBe(200);
      expect(rollback.body).toMatchObject({
        key: 'API_KEY',
        version: 3,
        current: true,
      });
      expect(
        (await resolveOnA()).find(i => i.id === id)?.credentials.API_KEY,
      ).toBe(CANARY);

      const versions = await request(replicaA.server)
        .get(`/api/integrations/integrations/${id}/versions`)
        .set(alice);
      expect(
        versions.body.items
          .filter((v: any) => v.key === 'API_KEY')
          .map((v: any) => [v.version, v.current]),
      ).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      const text = JSON.stringify(versions.body);
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(ROTATED);

      const bad = await request(replicaB.server)
        .post(
          `/api/integrations/integrations/${id}/credentials/API_KEY/rollback`,
        )
        .set(alice)
        .send({ version: 'one' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/version/);
    });

    it('shows usage only to readers, as a list', async () => {
      const { id } = await create();
      const res = await request(replicaA.server)
        .get(`/api/integrations/integrations/${id}/usage`)
        .set(alice);
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.items)).toBe(true);
      const anonymous = await request(replicaA.server).get(
        `/api/integrations/integrations/${id}/usage`,
      );
      expect(anonymous.status).toBe(401);
    });
  },
);
