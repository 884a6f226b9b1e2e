import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { IntegrationsKeyProvider } from '@integrations-hub/backstage-plugin-integrations-node';
import { DataKeysStore } from '../store/DataKeysStore';
import { DataKeys } from './DataKeys';
import { Keyring } from './keyring';
import { KeyProviders } from './keyProviders';
import { KeyringKeyProvider } from './keyringProvider';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** The keyring provider, counting unwraps, its active KEK settable. */
function countingKeyring(ids: string[]) {
  const keys = ids.map(id => ({ id, secret: randomBytes(32) }));
  const byActive = new Map(
    ids.map(active => [
      active,
      new KeyringKeyProvider(
        new Keyring([
          keys.find(k => k.id === active)!,
          ...keys.filter(k => k.id !== active),
        ]),
      ),
    ]),
  );
  const provider = {
    id: 'keyring',
    active: ids[0],
    unwraps: 0,
    activeKeyId: () => provider.active,
    wrapKey: (...a: Parameters<IntegrationsKeyProvider['wrapKey']>) =>
      byActive.get(provider.active)!.wrapKey(...a),
    unwrapKey: async (
      ...a: Parameters<IntegrationsKeyProvider['unwrapKey']>
    ) => {
      provider.unwraps += 1;
      return byActive.get(provider.active)!.unwrapKey(...a);
    },
  };
  return provider;
}

describe.each(databases.eachSupportedId())('DataKeys on %s', id => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@integrations-hub/backstage-plugin-integrations-backend',
        'migrations',
      ),
    });
  });
  afterAll(async () => knex?.destroy());
  beforeEach(async () => knex('integration_data_keys').delete());

  const dataKeysWith = (provider: IntegrationsKeyProvider, now: () => number) =>
    new DataKeys({
      store: new DataKeysStore(knex),
      providers: new KeyProviders([provider], provider.id),
      logger: mockServices.logger.mock(),
      cacheMs: 1000,
      now,
    });

  it('unwraps once for concurrent callers and within the cache bound, again after it', async () => {
    const provider = countingKeyring(['k1']);
    let t = 0;
    const writer = dataKeysWith(provider, () => t);
    const { id: dataKeyId, key } = await writer.forSealing();
    // Another replica: nothing cached yet.
    const reader = dataKeysWith(provider, () => t);
    const got = await Promise.all(
      Array.from({ length: 20 }, () => reader.get(dataKeyId)),
    );
    expect(got.every(k => k.equals(key))).toBe(true);
    expect(provider.unwraps).toBe(1);
    t = 999;
    await reader.get(dataKeyId);
    expect(provider.unwraps).toBe(1);
    t = 1000;
    await reader.get(dataKeyId);
    expect(provider.unwraps).toBe(2);
  });

  it('seals under a new data key and forgets cached ones when the active KEK changes', async () => {
    const provider = countingKeyring(['k1', 'k2']);
    const dataKeys = dataKeysWith(provider, () => 0);
    const first = await dataKeys.forSealing();
    expect((await dataKeys.forSealing()).id).toBe(first.id);
    provider.active = 'k2';
    const second = await dataKeys.forSealing();
    expect(second.id).not.toBe(first.id);
    const before = provider.unwraps;
    await dataKeys.get(first.id);
    expect(provider.unwraps).toBe(before + 1);
  });

  it('rewraps the data keys under older KEKs, skips one that does not unwrap, and runs to the end', async () => {
    const provider = countingKeyring(['k1', 'k2']);
    const dataKeys = dataKeysWith(provider, () => 0);
    const old = await dataKeys.forSealing();
    await knex('integration_data_keys').insert({
      id: '00000000-0000-4000-8000-00000000dead',
      provider: 'keyring',
      kek_id: 'k1',
      wrapped: 'v1.k1.AAAA.AAAA.AAAA',
      created_at: new Date(0),
    });
    provider.active = 'k2';
    expect(await dataKeys.rewrap()).toBe(1);
    expect(
      await knex('integration_data_keys').select('id', 'kek_id').orderBy('id'),
    ).toEqual(
      [
        { id: old.id, kek_id: 'k2' },
        { id: '00000000-0000-4000-8000-00000000dead', kek_id: 'k1' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect((await dataKeys.get(old.id)).equals(old.key)).toBe(true);
    expect(await dataKeys.rewrap()).toBe(0);
  });
});
