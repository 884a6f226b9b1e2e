import { mockServices } from '@backstage/backend-test-utils';
import { AddressPolicy } from '../../core/net/addressPolicy';
import { IntegrationRecord } from '../../core/store/types';
import { RecordingNotificationService } from '../../__testUtils__/recorders';
import { SafeFetch } from '../checks/safeFetch';
import { startTokenServer } from './__testUtils__/tokenServer';
import { OAuthConfig } from './config';
import { OAuthSettingsStore } from './OAuthSettingsStore';
import { TokenExchange } from './TokenExchange';
import { TokenFailureNotifier } from './TokenFailureNotifier';

const SECRET = 'exchange-secret-canary-0c7e';

/** The store's part the exchange uses, in memory: one failing flag per integration. */
function memoryStore() {
  const failing = new Map<string, string>();
  return {
    failing,
    store: {
      clientSecretResolvable: async () => false,
      setLastError: async (id: string, error: { reason: string }) => {
        const first = !failing.has(id);
        failing.set(id, error.reason);
        return first;
      },
      clearLastError: async (id: string) => failing.delete(id),
    } as unknown as OAuthSettingsStore,
  };
}

describe('TokenExchange', () => {
  let server: Awaited<ReturnType<typeof startTokenServer>>;
  beforeAll(async () => {
    server = await startTokenServer({ id: 'c1', secret: SECRET });
  });
  afterAll(() => server.close());

  const config: OAuthConfig = {
    refreshSkewMs: 1000,
    failureHoldMs: 0,
    defaultLifetimeMs: 60_000,
    connectTimeoutMs: 1000,
    totalTimeoutMs: 2000,
    maxResponseBytes: 4096,
    allowedCidrs: ['127.0.0.1/32'],
    types: new Map([
      [
        'ai',
        {
          tokenUrlLabel: 'token',
          clientIdKey: 'CLIENT_ID',
          clientSecretKey: 'CLIENT_SECRET',
          accessTokenKey: 'ACCESS_TOKEN',
          scopes: [],
          clientAuth: 'basic' as const,
        },
      ],
    ]),
  };
  const record = (overrides: Partial<IntegrationRecord> = {}) =>
    ({
      id: 'i1',
      name: 'Identity provider',
      type: 'ai',
      owner: 'group:default/team-a',
      urls: [{ url: server.url, label: 'TOKEN' }],
      credentials: [],
      ...overrides,
    } as unknown as IntegrationRecord);
  const setup = () => {
    const notifications = new RecordingNotificationService();
    const { store, failing } = memoryStore();
    const exchange = new TokenExchange({
      config,
      store,
      fetcher: new SafeFetch(new AddressPolicy(config.allowedCidrs)),
      logger: mockServices.logger.mock(),
      failures: new TokenFailureNotifier(
        notifications,
        mockServices.logger.mock(),
      ),
    });
    return { exchange, notifications, failing };
  };
  const values = { CLIENT_ID: 'c1', CLIENT_SECRET: SECRET, OTHER: 'kept' };

  it('passes an integration of a type without OAuth through unchanged', async () => {
    const { exchange } = setup();
    const passed = await exchange.exchange(
      record({ type: 'payments' }),
      values,
    );
    expect(passed).toEqual({ credentials: values });
  });

  it('names what is missing: the token URL or a client credential', async () => {
    const { exchange } = setup();
    await expect(
      exchange.exchange(record({ urls: [] }), values),
    ).rejects.toThrow(
      'Integration i1: no URL labelled "token" to request OAuth tokens from',
    );
    await expect(
      exchange.exchange(record(), { CLIENT_ID: 'c1' }),
    ).rejects.toMatchObject({
      statusCode: 503,
      key: 'ACCESS_TOKEN',
      reason: 'no credential CLIENT_SECRET, which an OAuth token request needs',
    });
  });

  it('tells the owner once when the token endpoint starts failing and once when it mints again', async () => {
    const { exchange, notifications, failing } = setup();
    server.state.mode = 'fail';
    for (let i = 0; i < 3; i++) {
      await expect(exchange.exchange(record(), values)).rejects.toThrow(
        /answered 401/,
      );
    }
    expect(failing.get('i1')).toContain('answered 401 (invalid_client)');
    server.state.mode = 'ok';
    const exchanged = await exchange.exchange(record(), values);
    expect(exchanged.credentials).toEqual({
      CLIENT_ID: 'c1',
      OTHER: 'kept',
      ACCESS_TOKEN: expect.stringMatching(/^token-/),
    });
    expect(failing.has('i1')).toBe(false);
    expect(notifications.sent.map(n => n.payload.title)).toEqual([
      'Integration "Identity provider" is failing',
      'Integration "Identity provider" recovered',
    ]);
    expect(notifications.sent[0].payload).toMatchObject({
      topic: 'integration-health',
      scope: 'integration-health:i1',
      severity: 'high',
    });
    expect(JSON.stringify(notifications.sent)).not.toContain(SECRET);
  });
});
