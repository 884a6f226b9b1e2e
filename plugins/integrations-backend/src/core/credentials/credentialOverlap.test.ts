import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { CredentialInput } from '@integrations-hub/backstage-plugin-integrations-common';
import { Knex } from 'knex';
import { coreFixture, testClock } from '../__testUtils__/coreFixture';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = mockCredentials.user('user:default/alice');
const service = mockCredentials.service('plugin:billing');
const PROJECT = 'component:default/checkout';

describe.each(databases.eachSupportedId())(
  "a credential's own overlap window on %s",
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });
    afterEach(async () => knex?.destroy());

    const setup = async (
      type: string,
      credential: Omit<CredentialInput, 'key'>,
    ) => {
      const clock = testClock();
      const f = await coreFixture(knex, { clock });
      const { id } = await f.integrations.createIntegration(
        {
          name: 'Stripe',
          type,
          urls: [],
          projects: [PROJECT],
          credentials: [
            { key: 'SECRET_KEY', value: 'canary-v1', ...credential },
          ],
        },
        alice,
      );
      /** Sends the credential as read, with `change` on top; returns when it was sent. */
      const update = async (change: Omit<CredentialInput, 'key'>) => {
        const current = await f.integrations.getIntegration(id, alice);
        const at = new Date();
        const { integration: updated } = await f.integrations.updateIntegration(
          id,
          {
            name: current.name,
            type: current.type,
            urls: [],
            projects: current.projects,
            version: current.version,
            credentials: [{ key: 'SECRET_KEY', ...change }],
          },
          alice,
        );
        return { at, updated };
      };
      /** What resolve returns `minutes` after `base`. */
      const resolvedAt = async (base: Date, minutes: number) => {
        clock.set(base, minutes);
        const [resolved] = (
          await f.credentialAccess.resolveCredentials(
            { project: PROJECT },
            service,
          )
        ).integrations;
        return resolved;
      };
      return { f, id, update, resolvedAt };
    };

    it('wins over a type without a window, and is kept when an update leaves it out', async () => {
      const { f, id, update, resolvedAt } = await setup('ai', {
        overlapMinutes: 30,
      });
      expect(
        (await f.integrations.getIntegration(id, alice)).credentials[0]
          .overlapMinutes,
      ).toBe(30);

      const { at, updated } = await update({ value: 'canary-v2' });
      expect(updated.credentials[0].overlapMinutes).toBe(30);
      expect((await resolvedAt(at, 29)).previousCredentials).toEqual({
        SECRET_KEY: expect.objectContaining({ value: 'canary-v1' }),
      });
      const after = await resolvedAt(at, 31);
      expect(after.credentials).toEqual({ SECRET_KEY: 'canary-v2' });
      expect(after.previousCredentials).toBeUndefined();
    });

    it("0 turns off its type's window; null gives the type's window back", async () => {
      const { f, id, update, resolvedAt } = await setup('payments', {});
      const zero = await update({ value: 'canary-v2', overlapMinutes: 0 });
      expect(zero.updated.credentials[0].overlapMinutes).toBe(0);
      expect(
        (await resolvedAt(zero.at, 1)).previousCredentials,
      ).toBeUndefined();

      const reset = await update({ overlapMinutes: null });
      expect(reset.updated.credentials[0]).not.toHaveProperty('overlapMinutes');
      // The type's 60 minutes apply again to the rotation already made.
      expect((await resolvedAt(zero.at, 59)).previousCredentials).toEqual({
        SECRET_KEY: expect.objectContaining({ value: 'canary-v1' }),
      });
      const row = await knex('integration_credentials')
        .where({ integration_id: id })
        .first();
      expect(row.overlap_minutes).toBeNull();
      // A setting alone changes neither the value nor its version.
      expect(Number(row.version)).toBe(2);
      expect(
        JSON.stringify(await f.integrations.listIntegrationEvents(id, alice)),
      ).not.toMatch(/canary/);
    });

    it('refuses a window outside 0 to a week, naming the field, and writes nothing', async () => {
      const { f, id } = await setup('ai', {});
      const before = await knex('integration_credentials').select();
      const current = await f.integrations.getIntegration(id, alice);
      for (const [overlapMinutes, message] of [
        [10081, /^credentials\[0\]\.overlapMinutes: must be at most 10080/],
        [-5, /^credentials\[0\]\.overlapMinutes: must be 0 or more/],
        [2.5, /^credentials\[0\]\.overlapMinutes: expected an integer/],
      ] as const) {
        await expect(
          f.integrations.updateIntegration(
            id,
            {
              name: current.name,
              type: current.type,
              urls: [],
              projects: current.projects,
              version: current.version,
              credentials: [{ key: 'SECRET_KEY', overlapMinutes }],
            },
            alice,
          ),
        ).rejects.toThrow(message);
      }
      await expect(
        f.integrations.createIntegration(
          {
            name: 'Other',
            type: 'ai',
            urls: [],
            projects: [],
            credentials: [{ key: 'K', value: 'v', overlapMinutes: 20000 }],
          },
          alice,
        ),
      ).rejects.toThrow(/^credentials\[0\]\.overlapMinutes: must be at most/);
      expect(await knex('integration_credentials').select()).toEqual(before);
      const [{ n }] = await knex('integrations').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });
  },
);
