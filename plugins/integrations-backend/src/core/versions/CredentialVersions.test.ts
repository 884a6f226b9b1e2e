import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { Keyring } from '../crypto/keyring';
import { upkeepEncryption } from '../credentials/maintenance';
import { coreFixture, testClock } from '../__testUtils__/coreFixture';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = mockCredentials.user('user:default/alice');
const service = mockCredentials.service('plugin:billing');
const PROJECT = 'component:default/checkout';

describe.each(databases.eachSupportedId())(
  'credential versions on %s',
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });
    afterEach(async () => knex?.destroy());

    const create = async (
      f: Awaited<ReturnType<typeof coreFixture>>,
      type = 'payments',
    ) =>
      f.integrations.createIntegration(
        {
          name: 'Stripe',
          type,
          urls: [],
          projects: [PROJECT],
          credentials: [{ key: 'SECRET_KEY', value: 'canary-v1' }],
        },
        alice,
      );
    const rotate = async (
      f: Awaited<ReturnType<typeof coreFixture>>,
      id: string,
      value: string,
    ) => {
      const current = await f.integrations.getIntegration(id, alice);
      return f.integrations.updateIntegration(
        id,
        {
          name: current.name,
          type: current.type,
          urls: [],
          projects: current.projects,
          version: current.version,
          credentials: [{ key: 'SECRET_KEY', value }],
        },
        alice,
      );
    };
    const resolved = async (f: Awaited<ReturnType<typeof coreFixture>>) =>
      (
        await f.credentialAccess.resolveCredentials(
          { project: PROJECT },
          service,
        )
      ).integrations[0];

    it('rollback restores the old value as a new version and keeps the replaced one', async () => {
      const f = await coreFixture(knex);
      const { id } = await create(f, 'ai');
      await rotate(f, id, 'canary-v2');
      expect((await resolved(f)).credentials.SECRET_KEY).toBe('canary-v2');

      const restored = await f.versions.rollbackCredential(
        id,
        'SECRET_KEY',
        { version: 1 },
        alice,
      );
      expect(restored).toMatchObject({ version: 3, current: true });
      expect((await resolved(f)).credentials.SECRET_KEY).toBe('canary-v1');

      const list = await f.versions.listCredentialVersions(id, alice);
      expect(list.items.map(v => [v.version, v.current])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      expect(list.items[0].createdBy).toBe('user:default/alice');
      expect(JSON.stringify(list)).not.toMatch(/canary|ciphertext|v1\./);
      const events = await f.integrations.listIntegrationEvents(id, alice);
      expect(
        events.items.find(e => e.action === 'credential.rolled-back'),
      ).toMatchObject({
        detail: { key: 'SECRET_KEY', restoredVersion: 1, previousVersion: 2 },
      });
      expect(JSON.stringify(events)).not.toContain('canary');
    });

    it('refuses a rollback to the current or an unknown version, writing nothing', async () => {
      const f = await coreFixture(knex);
      const { id } = await create(f, 'ai');
      await expect(
        f.versions.rollbackCredential(id, 'SECRET_KEY', { version: 1 }, alice),
      ).rejects.toThrow('version: 1 is already current');
      await expect(
        f.versions.rollbackCredential(id, 'SECRET_KEY', { version: 7 }, alice),
      ).rejects.toThrow('no kept version 7');
      await expect(
        // Not a RollbackInput: refused even from a caller that skips the typed router.
        f.versions.rollbackCredential(
          id,
          'SECRET_KEY',
          { version: 'x' } as any,
          alice,
        ),
      ).rejects.toThrow(/^version: /);
      expect(
        (await f.versions.listCredentialVersions(id, alice)).items,
      ).toHaveLength(1);
    });

    it('keeps only the configured number of previous values', async () => {
      const f = await coreFixture(knex, { versionsKept: 2 });
      const { id } = await create(f, 'ai');
      for (const value of ['canary-v2', 'canary-v3', 'canary-v4'])
        await rotate(f, id, value);
      const list = await f.versions.listCredentialVersions(id, alice);
      expect(list.items.map(v => v.version)).toEqual([4, 3, 2]);
    });

    it('returns previous and current during the overlap window, then only current', async () => {
      const clock = testClock();
      const f = await coreFixture(knex, { clock });
      const { id } = await create(f);
      expect((await resolved(f)).previousCredentials).toBeUndefined();

      // The store stamps supersededAt with the real time of the rotation.
      const rotatedAt = new Date();
      await rotate(f, id, 'canary-v2');
      clock.set(rotatedAt, 59);
      const during = await resolved(f);
      expect(during.credentials).toEqual({ SECRET_KEY: 'canary-v2' });
      expect(during.previousCredentials).toEqual({
        SECRET_KEY: {
          value: 'canary-v1',
          rotatedAt: expect.any(String),
          until: expect.any(String),
        },
      });
      const { until } = during.previousCredentials!.SECRET_KEY;
      expect(
        new Date(until).getTime() -
          new Date(during.previousCredentials!.SECRET_KEY.rotatedAt).getTime(),
      ).toBe(60 * 60_000);

      clock.set(rotatedAt, 61);
      const after = await resolved(f);
      expect(after.credentials).toEqual({ SECRET_KEY: 'canary-v2' });
      expect(after.previousCredentials).toBeUndefined();
    });

    it('has no overlap for a type without a window', async () => {
      const f = await coreFixture(knex);
      const { id } = await create(f, 'ai');
      await rotate(f, id, 'canary-v2');
      expect((await resolved(f)).previousCredentials).toBeUndefined();
    });

    it('forgets the versions of a removed credential and of a deleted integration', async () => {
      const f = await coreFixture(knex);
      const { id } = await create(f, 'ai');
      await rotate(f, id, 'canary-v2');
      const current = await f.integrations.getIntegration(id, alice);
      await f.integrations.updateIntegration(
        id,
        {
          name: current.name,
          type: current.type,
          urls: [],
          projects: current.projects,
          version: current.version,
          credentials: [],
        },
        alice,
      );
      expect(await knex('integration_credential_versions')).toEqual([]);

      const other = await create(f, 'ai');
      await rotate(f, other.id, 'canary-v2');
      await f.integrations.deleteIntegration(other.id, alice);
      expect(await knex('integration_credential_versions')).toEqual([]);
    });

    it('rewraps the data key of old versions when the keys rotate, writing no version row', async () => {
      const k1 = { id: 'k1', secret: Buffer.alloc(32, 1) };
      const k2 = { id: 'k2', secret: Buffer.alloc(32, 2) };
      const f = await coreFixture(knex, { keyring: new Keyring([k1]) });
      const { id } = await create(f, 'ai');
      await rotate(f, id, 'canary-v2');
      const next = await coreFixture(knex, {
        keyring: new Keyring([k2, k1]),
      });
      const before = await knex('integration_credential_versions');
      await upkeepEncryption({
        store: next.stores.maintenance,
        versions: next.versionsStore,
        dataKeys: next.dataKeys,
        dataKeysStore: next.stores.dataKeys,
        opener: next.opener,
        keyring: next.keyring,
        logger: next.logger,
      });
      expect(await knex('integration_credential_versions')).toEqual(before);
      // Only the new key is needed now: roll back with a keyring without k1.
      const only = await coreFixture(knex, { keyring: new Keyring([k2]) });
      await only.versions.rollbackCredential(
        id,
        'SECRET_KEY',
        { version: 1 },
        alice,
      );
      expect((await resolved(only)).credentials.SECRET_KEY).toBe('canary-v1');
    });
  },
);
