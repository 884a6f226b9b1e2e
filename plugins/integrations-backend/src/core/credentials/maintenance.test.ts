import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { credentialAad, Keyring } from '../crypto/keyring';
import { CredentialMaintenanceStore } from '../store/CredentialMaintenanceStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { reencryptCredentials, reportRotationDue } from './maintenance';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const key = (id: string) => ({ id, secret: randomBytes(32) });

describe.each(databases.eachSupportedId())(
  'credential maintenance on %s',
  databaseId => {
    let knex: Knex;
    let store: IntegrationsStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@integrations-hub/backstage-plugin-integrations-backend',
          'migrations',
        ),
      });
      store = new IntegrationsStore(knex);
    });
    afterAll(async () => knex?.destroy());

    const createWith = async (
      keyring: Keyring,
      id: string,
      values: Record<string, string>,
      type = 'ai',
    ) =>
      store.create(
        {
          id,
          name: id,
          type,
          owner: 'user:default/alice',
          urls: [],
          projects: [],
          credentials: Object.entries(values).map(([k, v]) => {
            const { sealed, keyId } = keyring.seal(v, credentialAad(id, k));
            return { key: k, ciphertext: sealed, keyId };
          }),
        },
        'user:default/alice',
        new Date(),
        [],
      );

    it('reads data written under key 1 after key 2 becomes active, then moves every row to key 2', async () => {
      const k1 = key('k1');
      const k2 = key('k2');
      const before = new Keyring([k1]);
      await createWith(before, '00000000-0000-4000-8000-000000000001', {
        A: 'alpha',
        B: 'beta',
      });
      await createWith(before, '00000000-0000-4000-8000-000000000002', {
        C: 'gamma',
      });

      const rotated = new Keyring([k2, k1]);
      const record = await store.get('00000000-0000-4000-8000-000000000001');
      const a = record!.credentials.find(c => c.key === 'A')!;
      expect(rotated.open(a.ciphertext, credentialAad(record!.id, 'A'))).toBe(
        'alpha',
      );

      const { reencrypted, byKey } = await reencryptCredentials(
        new CredentialMaintenanceStore(knex),
        rotated,
        mockServices.logger.mock(),
      );
      expect(reencrypted).toBe(3);
      expect(byKey).toEqual({ k2: 3 });

      // Key 1 can now be removed: everything opens with key 2 alone.
      const onlyK2 = new Keyring([k2]);
      const after = await store.get('00000000-0000-4000-8000-000000000002');
      expect(
        onlyK2.open(
          after!.credentials[0].ciphertext,
          credentialAad(after!.id, 'C'),
        ),
      ).toBe('gamma');
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
