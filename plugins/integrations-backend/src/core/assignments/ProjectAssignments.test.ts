import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { coreFixture } from '../__testUtils__/coreFixture';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = mockCredentials.user('user:default/alice');
const service = mockCredentials.service('plugin:billing');
const CHECKOUT = 'component:default/checkout';
const SEARCH = 'component:default/search';

describe.each(databases.eachSupportedId())(
  'project assignments on %s',
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });
    afterEach(async () => knex?.destroy());

    const setup = async () => {
      const f = await coreFixture(knex);
      const { id } = await f.integrations.createIntegration(
        {
          name: 'Stripe',
          type: 'ai',
          urls: [],
          projects: [CHECKOUT, SEARCH],
          credentials: [{ key: 'SECRET_KEY', value: 'canary-pause' }],
        },
        alice,
      );
      const resolveFor = async (project: string) =>
        (await f.credentialAccess.resolveCredentials({ project }, service))
          .integrations;
      return { f, id, resolveFor };
    };

    it('pauses one project: it keeps the assignment but resolves nothing, until resumed', async () => {
      const { f, id, resolveFor } = await setup();
      const paused = await f.assignments.pauseProjectAssignment(
        id,
        CHECKOUT,
        { reason: 'key leaked in CI logs' },
        alice,
      );
      expect(paused).toMatchObject({
        entityRef: CHECKOUT,
        active: false,
        pausedBy: 'user:default/alice',
        pauseReason: 'key leaked in CI logs',
      });
      expect(await resolveFor(CHECKOUT)).toEqual([]);
      expect(await resolveFor(SEARCH)).toHaveLength(1);

      const integration = await f.integrations.getIntegration(id, alice);
      expect(integration.projects).toEqual([CHECKOUT, SEARCH]);

      const resumed = await f.assignments.resumeProjectAssignment(
        id,
        CHECKOUT,
        alice,
      );
      expect(resumed).toMatchObject({ entityRef: CHECKOUT, active: true });
      expect(resumed.pausedAt).toBeUndefined();
      expect((await resolveFor(CHECKOUT))[0].credentials.SECRET_KEY).toBe(
        'canary-pause',
      );

      const actions = (
        await f.integrations.listIntegrationEvents(id, alice)
      ).items
        .map(e => e.action)
        .filter(a => a === 'assignment.paused' || a === 'assignment.resumed');
      expect(actions).toEqual(['assignment.resumed', 'assignment.paused']);
    });

    it('answers 404 for a project that is not assigned and 400 for a malformed ref', async () => {
      const { f, id } = await setup();
      await expect(
        f.assignments.pauseProjectAssignment(
          id,
          'component:default/other',
          {},
          alice,
        ),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('project: component:default/other'),
      });
      await expect(
        f.assignments.pauseProjectAssignment(id, 'not a ref', {}, alice),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/^project: /),
      });
      await expect(
        f.assignments.pauseProjectAssignment(
          id,
          CHECKOUT,
          { reason: 'x'.repeat(501) },
          alice,
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/^reason: /),
      });
      await expect(
        // Not a PauseInput: refused even from a caller that skips the typed router.
        f.assignments.pauseProjectAssignment(
          id,
          CHECKOUT,
          { why: 'x' } as any,
          alice,
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
      const events = (await f.integrations.listIntegrationEvents(id, alice))
        .items;
      expect(events.map(e => e.action)).toEqual(['created']);
    });

    it('refuses callers the policy does not let update, changing nothing', async () => {
      const { id } = await setup();
      // Read allowed, update denied: as a policy would decide for a reader.
      const readOnly = mockServices.permissions.mock({
        authorizeConditional: async requests =>
          requests.map(r => ({
            result:
              r.permission.name === 'integrations.integration.update'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      });
      const f = await coreFixture(knex, { permissions: readOnly });
      await expect(
        f.assignments.pauseProjectAssignment(id, CHECKOUT, {}, alice),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        f.assignments.resumeProjectAssignment(id, CHECKOUT, alice),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      const row = await knex('integration_projects')
        .where({ integration_id: id, entity_ref: CHECKOUT })
        .first();
      expect(row.paused_at).toBeNull();
    });
  },
);
