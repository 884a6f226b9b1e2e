import { randomBytes, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { IntegrationsWrappedKey } from '@integrations-hub/backstage-plugin-integrations-node';
import { coreFixture } from '../__testUtils__/coreFixture';
import { sealWith } from '../crypto/aesGcm';
import { KeyringKeyProvider } from '../crypto/keyringProvider';
import { credentialAad, Keyring } from '../crypto/keyring';
import { CredentialMaintenanceStore } from '../store/CredentialMaintenanceStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { reportRotationDue, upkeepEncryption } from './maintenance';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const key = (id: string) => ({ id, secret: randomBytes(32) });
const kek = (w: IntegrationsWrappedKey) => ({
  kekId: w.keyId,
  wrapped: w.wrapped,
});
const upkeepOptions = (f: Awaited<ReturnType<typeof coreFixture>>) => ({
  store: f.stores.maintenance,
  versions: f.versionsStore,
  dataKeys: f.dataKeys,
  dataKeysStore: f.stores.dataKeys,
  opener: f.opener,
  keyring: f.keyring,
  logger: f.logger,
});

describe.each(databases.eachSupportedId())(
  'credential maintenance on %s',
  databaseId => {
    let knex: Knex;
    let store: IntegrationsStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@integrations-hub/backstage-plugin-integrations-backend',
          'migrations',
        ),
      });
      store = new IntegrationsStore(knex);
    });
    afterEach(async () => knex?.destroy());

    const createWith = async (
      keyring: Keyring,
      id: string,
      values: Record<string, string>,
      type = 'ai',
      projects: string[] = [],
    ) =>
      store.create(
        {
          id,
          name: id,
          type,
          owner: 'user:default/alice',
          urls: [],
          projects,
          credentials: Object.entries(values).map(([k, v]) => {
            const { sealed, keyId } = keyring.seal(v, credentialAad(id, k));
            return { key: k, ciphertext: sealed, keyId };
          }),
        },
        'user:default/alice',
        new Date(),
        [],
      );

    const PROJECT = 'component:default/checkout';
    const service = mockCredentials.service('plugin:billing');
    const upkeep = (f: Awaited<ReturnType<typeof coreFixture>>) =>
      upkeepEncryption(upkeepOptions(f));
    /** Integrations sealed directly under the keyring, as before envelope encryption. */
    const seedSealedDirectly = async (keyring: Keyring, n: number) => {
      const expected = new Map<string, Record<string, string>>();
      for (let i = 0; i < n; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const values = { A: `canary-a-${i}`, B: `canary-b-${i}` };
        await createWith(keyring, id, values, 'ai', [PROJECT]);
        expected.set(id, values);
      }
      return expected;
    };
    const sealedDirectly = async () =>
      Number(
        (
          await knex('integration_credentials')
            .where('ciphertext', 'like', 'v1.%')
            .count({ n: '*' })
        )[0].n,
      );

    it('moves a database sealed under the keyring to data keys while 10 clients resolve: no request fails', async () => {
      const keyring = new Keyring([key('k1')]);
      const expected = await seedSealedDirectly(keyring, 40);
      // Two replicas, each with its own cache of data keys.
      const [one, two] = [
        await coreFixture(knex, { keyring }),
        await coreFixture(knex, { keyring }),
      ];
      let done = false;
      let requests = 0;
      const failures: string[] = [];
      const client = async (f: typeof one) => {
        while (!done) {
          requests += 1;
          try {
            const result = await f.credentialAccess.resolveCredentials(
              { project: PROJECT },
              service,
            );
            if (result.failed.length) failures.push('failed entries');
            if (result.integrations.length !== expected.size)
              failures.push('missing integrations');
            for (const item of result.integrations) {
              if (
                JSON.stringify({ ...item.credentials }) !==
                JSON.stringify(expected.get(item.id))
              )
                failures.push(`wrong values for ${item.id}`);
            }
          } catch (error) {
            failures.push(String(error));
          }
          // A client's think time, so the move shares the connection pool.
          await new Promise(r => setTimeout(r, 5));
        }
      };
      const clients = Array.from({ length: 10 }, (_, i) =>
        client(i % 2 ? one : two),
      );
      const [a, b] = await Promise.all([upkeep(one), upkeep(two)]);
      // Keep resolving a little after the move, on values now under data keys.
      await new Promise(r => setTimeout(r, 200));
      done = true;
      await Promise.all(clients);

      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(10);
      expect(a.moved + b.moved).toBe(80);
      expect(await sealedDirectly()).toBe(0);
      const rows = await knex('integration_credentials').select('ciphertext');
      expect(rows.every(r => r.ciphertext.startsWith('v2.'))).toBe(true);
      expect(JSON.stringify(rows)).not.toContain('canary');
    });

    it('resumes a move stopped halfway', async () => {
      const keyring = new Keyring([key('k1')]);
      await seedSealedDirectly(keyring, 150);
      const f = await coreFixture(knex, { keyring });
      let swaps = 0;
      const stopping = Object.create(f.stores.maintenance);
      stopping.replaceCiphertext = (...args: any[]) => {
        swaps += 1;
        if (swaps > 120) throw new Error('replica stopped');
        return f.stores.maintenance.replaceCiphertext(
          ...(args as Parameters<
            CredentialMaintenanceStore['replaceCiphertext']
          >),
        );
      };
      await expect(
        upkeepEncryption({ ...upkeepOptions(f), store: stopping }),
      ).rejects.toThrow('replica stopped');
      expect(await sealedDirectly()).toBe(180);
      const { moved } = await upkeep(f);
      expect(moved).toBe(180);
      expect(await sealedDirectly()).toBe(0);
    });

    it('rotates the key-encryption key by rewrapping N data keys, writing no credential row', async () => {
      const k1 = key('k1');
      const before = await coreFixture(knex, { keyring: new Keyring([k1]) });
      const provider = new KeyringKeyProvider(new Keyring([k1]));
      const N = 5;
      const expected = new Map<string, string>();
      for (let i = 0; i < N; i++) {
        // Data keys as replicas and earlier rotations leave them: several under one KEK.
        const dataKeyId = randomUUID();
        const dataKey = randomBytes(32);
        const wrapped = await provider.wrapKey(dataKey, { dataKeyId });
        await before.stores.dataKeys.insert(
          { id: dataKeyId, provider: 'keyring', ...kek(wrapped) },
          new Date(),
        );
        const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
        await store.create(
          {
            id,
            name: id,
            type: 'ai',
            owner: 'user:default/alice',
            urls: [],
            projects: [PROJECT],
            credentials: [
              {
                key: 'A',
                ciphertext: sealWith(
                  'v2',
                  dataKeyId,
                  dataKey,
                  `canary-${i}`,
                  credentialAad(id, 'A'),
                ),
                keyId: dataKeyId,
              },
            ],
          },
          'user:default/alice',
          new Date(),
          [],
        );
        expected.set(id, `canary-${i}`);
      }
      const k2 = key('k2');
      const rotated = await coreFixture(knex, {
        keyring: new Keyring([k2, k1]),
      });
      const snapshot = await knex('integration_credentials').orderBy([
        'integration_id',
        'key',
      ]);
      let credentialWrites = 0;
      const count = (q: { sql: string }) => {
        if (
          /^\s*(insert|update|delete)\b[^;]*integration_credential/i.test(q.sql)
        )
          credentialWrites += 1;
      };
      knex.on('query', count);
      const result = await upkeep(rotated);
      knex.off('query', count);

      expect(result.rewrapped).toBe(N);
      expect(result.moved).toBe(0);
      expect(credentialWrites).toBe(0);
      expect(
        await knex('integration_credentials').orderBy([
          'integration_id',
          'key',
        ]),
      ).toEqual(snapshot);
      expect(result.byKek).toEqual({ 'keyring:k2': N });

      // k1 can go: every value opens with k2 alone.
      const only = await coreFixture(knex, { keyring: new Keyring([k2]) });
      const resolved = await only.credentialAccess.resolveCredentials(
        { project: PROJECT },
        service,
      );
      expect(resolved.failed).toEqual([]);
      expect(
        new Map(resolved.integrations.map(i => [i.id, i.credentials.A])),
      ).toEqual(expected);
      // Running again rewraps nothing.
      expect((await upkeep(only)).rewrapped).toBe(0);
    });

    it('reports credentials past their rotation period or expiry', async () => {
      const keyring = new Keyring([key('k3')]);
      await createWith(keyring, '00000000-0000-4000-8000-000000000003', {
        OLD: 'x',
      });
      const auditor = mockServices.auditor.mock();
      const event = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(event);
      const inAYear = new Date(Date.now() + 365 * 24 * 3600 * 1000);
      const overdue = await reportRotationDue(
        new CredentialMaintenanceStore(knex),
        [{ id: 'ai', title: 'AI', rotationPeriodDays: 90 }],
        mockServices.logger.mock(),
        auditor,
        inAYear,
      );
      expect(overdue).toEqual(
        expect.arrayContaining([
          {
            integrationId: '00000000-0000-4000-8000-000000000003',
            key: 'OLD',
            state: 'due',
          },
        ]),
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'credential-rotation-due' }),
      );
    });
  },
);
