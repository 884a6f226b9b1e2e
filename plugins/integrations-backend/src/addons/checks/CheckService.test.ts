import { randomBytes } from 'node:crypto';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Keyring } from '../../core/crypto/keyring';
import {
  createIntegrationsCore,
  IntegrationsCore,
} from '../../core/createIntegrationsCore';
import { IntegrationsService } from '../../core/integrations/IntegrationsService';
import { SecretAccessGuard } from '../../core/credentials/SecretAccessGuard';
import { coreStores } from '../../core/store/CoreStores';
import { CheckService } from './CheckService';
import { createConnectionChecks } from './createConnectionChecks';
import {
  BODY_CANARY,
  GOOD_TOKEN,
  startLocalServer,
} from './__testUtils__/localServer';
import {
  RecordingAuditor,
  RecordingLogger,
  RecordingNotificationService,
} from '../../__testUtils__/recorders';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const migrations = resolvePackagePath(
  '@integrations-hub/backstage-plugin-integrations-backend',
  'migrations',
);
const TYPES = [
  { id: 'ai', title: 'AI' },
  { id: 'telephony', title: 'Telephony' },
];
const alice = mockCredentials.user('user:default/alice');

describe.each(databases.eachSupportedId())('CheckService on %s', databaseId => {
  let knex: Knex;
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  let checks: CheckService;
  let integrations: IntegrationsService;
  let core: IntegrationsCore;
  let notifications: RecordingNotificationService;
  let auditor: RecordingAuditor;
  let logger: RecordingLogger;
  let scheduler: ReturnType<typeof mockServices.scheduler.mock>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrations });
    server = await startLocalServer();
  });
  afterAll(async () => {
    await server.close();
    await knex.destroy();
  });

  beforeEach(async () => {
    await knex('integrations').delete();
    server.setUp(true);
    notifications = new RecordingNotificationService();
    auditor = new RecordingAuditor();
    logger = new RecordingLogger();
    scheduler = mockServices.scheduler.mock();
    const keyring = new Keyring([{ id: 'k1', secret: randomBytes(32) }]);
    core = createIntegrationsCore({
      stores: coreStores(knex),
      keyring,
      types: TYPES,
      logger,
      permissions: mockServices.permissions(),
      guard: new SecretAccessGuard(true),
    });
    integrations = core.integrations;
    const store = core.stores.integrations;
    checks = await createConnectionChecks({
      config: new ConfigReader({
        integrationsHub: {
          checks: {
            // Loopback is allowed in this test only, to reach the local server.
            allowedCidrs: ['127.0.0.0/8'],
            totalTimeoutMs: 1000,
            historySize: 5,
            types: { ai: { preset: 'bearer', path: '/switch' } },
          },
        },
      }),
      typeIds: TYPES.map(t => t.id),
      db: knex,
      records: store,
      gate: core.gate,
      guard: new SecretAccessGuard(true),
      opener: core.opener,
      auditor,
      logger,
      scheduler,
      notifications,
    });
  });

  const createIntegration = (type = 'ai', token = GOOD_TOKEN) =>
    integrations.createIntegration(
      {
        name: 'OpenAI',
        type,
        owner: 'group:default/ai-team',
        urls: [{ url: server.origin }],
        projects: [],
        credentials: [{ key: 'API_KEY', value: token }],
      },
      alice,
    );

  it('schedules one global round across replicas', () => {
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'integrations-connection-checks',
        scope: 'global',
        frequency: { minutes: 15 },
      }),
    );
  });

  it('healthy, failing, healthy again: notifies the owner exactly twice', async () => {
    const { id } = await createIntegration();
    await checks.runScheduled(); // healthy: the first status, nothing to tell
    server.setUp(false);
    await checks.runScheduled(); // failing
    await checks.runScheduled(); // still failing: no second notice
    server.setUp(true);
    await checks.runScheduled(); // recovered

    expect(notifications.sent).toHaveLength(2);
    const [failing, recovered] = notifications.sent;
    expect(failing.recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/ai-team'],
    });
    expect(failing.payload).toMatchObject({
      title: 'Integration "OpenAI" is failing',
      description: `Connection check unhealthy: HTTP 503, expected 2xx (${server.origin})`,
      link: `/integrations/${id}`,
      severity: 'high',
      topic: 'integration-health',
    });
    expect(recovered.recipients).toEqual(failing.recipients);
    expect(recovered.payload).toMatchObject({
      title: 'Integration "OpenAI" recovered',
      link: `/integrations/${id}`,
      severity: 'normal',
    });

    // Every result went to the auditor, as the plugin.
    const checkEvents = auditor.events.filter(
      e => e.eventId === 'scheduled-connection-check',
    );
    expect(checkEvents.map(e => (e.meta as any).status)).toEqual([
      'healthy',
      'unhealthy',
      'unhealthy',
      'healthy',
    ]);
    expect(checkEvents[1].meta).toMatchObject({
      integrationId: id,
      trigger: 'scheduled',
      actor: 'plugin:integrations',
    });

    const described = await checks.getConnectionChecks(id, alice);
    expect(described.health?.status).toBe('healthy');
    expect(described.source).toBe('type');
    expect(described.history.map(h => h.status)).toEqual([
      'healthy',
      'unhealthy',
      'unhealthy',
      'healthy',
    ]);

    const everything = JSON.stringify([
      notifications.sent,
      auditor.events,
      described,
    ]);
    expect(everything).not.toContain(GOOD_TOKEN);
    expect(everything).not.toContain(BODY_CANARY);
    expect(logger.text()).not.toContain(GOOD_TOKEN);
  });

  it('keeps a notification failure from failing the check, and logs it without the secret', async () => {
    const { id } = await createIntegration();
    await checks.runScheduled();
    jest
      .spyOn(notifications, 'send')
      .mockRejectedValueOnce(new Error('notifications backend not installed'));
    server.setUp(false);
    await expect(checks.runScheduled()).resolves.toEqual({
      checked: 1,
      failing: 1,
    });
    expect(logger.text()).toContain(
      `Could not notify the owners of integration ${id} that it is unhealthy: notifications backend not installed`,
    );
    expect(logger.text()).not.toContain(GOOD_TOKEN);
  });

  it('tests a saved integration for its user and records the result', async () => {
    const { id } = await createIntegration('ai', 'wrong-token-xyz');
    const run = await checks.checkIntegrationConnection(id, alice);
    expect(run).toMatchObject({
      integrationId: id,
      status: 'unhealthy',
      results: [
        {
          urlIndex: 0,
          url: `${server.origin}/switch`,
          httpStatus: 401,
          reason: 'HTTP 401, expected 2xx: the credential was rejected',
        },
      ],
    });
    const described = await checks.getConnectionChecks(id, alice);
    expect(described.history[0]).toMatchObject({
      trigger: 'manual',
      status: 'unhealthy',
    });
  });

  it('tests a draft once and stores nothing', async () => {
    const before = await knex('integration_check_results').count({ n: '*' });
    const run = await checks.testConnectionDraft(
      {
        type: 'ai',
        urls: [{ url: server.origin }],
        credentials: [{ key: 'API_KEY', value: GOOD_TOKEN }],
      },
      alice,
    );
    expect(run).toMatchObject({
      status: 'healthy',
      results: [{ httpStatus: 200 }],
    });
    expect(await knex('integration_check_results').count({ n: '*' })).toEqual(
      before,
    );
    expect(await knex('integration_check_health').count({ n: '*' })).toEqual([
      { n: databaseId.startsWith('POSTGRES') ? '0' : 0 },
    ]);
    expect(JSON.stringify(auditor.events)).not.toContain(GOOD_TOKEN);
  });

  it('tests a draft of a saved integration with the stored value of an unchanged credential', async () => {
    const { id } = await createIntegration();
    const run = await checks.testConnectionDraft(
      {
        integrationId: id,
        type: 'ai',
        urls: [{ url: server.origin }],
        credentials: [{ key: 'API_KEY' }],
      },
      alice,
    );
    expect(run.status).toBe('healthy');
  });

  it('lets a permitted user override the type definition and reset it', async () => {
    const { id } = await createIntegration('telephony');
    expect((await checks.getConnectionChecks(id, alice)).source).toBe(
      'default',
    );
    const described = await checks.setCheckDefinition(
      id,
      {
        definition: {
          preset: 'bearer',
          path: '/switch',
          healthyStatus: ['200'],
        },
      },
      alice,
    );
    expect(described).toMatchObject({
      source: 'integration',
      definition: { path: '/switch', healthyStatus: ['200'], urlIndex: 0 },
    });
    const { checked } = await checks.runScheduled();
    expect(checked).toBe(1); // telephony has no type definition, but this one has its own
    await checks.resetCheckDefinition(id, alice);
    expect((await checks.getConnectionChecks(id, alice)).source).toBe(
      'default',
    );
  });

  it('rejects a bad definition naming the field', async () => {
    const { id } = await createIntegration();
    await expect(
      // Typed callers cannot send this; the service still refuses it from an untyped one.
      checks.setCheckDefinition(
        id,
        { definition: { method: 'POST' } } as any,
        alice,
      ),
    ).rejects.toThrow(/^definition\.method: /);
  });

  it('refuses a test to a user who may read but not reveal, and sends nothing', async () => {
    const { id } = await createIntegration();
    // A policy that allows everything but reveal and create.
    const deny = new Set([
      'integrations.credential.reveal',
      'integrations.integration.create',
    ]);
    const decide = (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: deny.has(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    const strict = createIntegrationsCore({
      stores: coreStores(knex),
      keyring: new Keyring([{ id: 'k1', secret: randomBytes(32) }]),
      types: TYPES,
      logger,
      permissions: {
        authorize: async (requests: any) => decide(requests),
        authorizeConditional: async (requests: any) => decide(requests),
      } as any,
      guard: new SecretAccessGuard(true),
    });
    const strictChecks = new CheckService({
      ...(checks as any).options,
      gate: strict.gate,
    });
    const seen = server.seen.length;
    await expect(
      strictChecks.checkIntegrationConnection(id, alice),
    ).rejects.toThrow(
      `Missing permission integrations.credential.reveal for integration ${id}`,
    );
    await expect(
      strictChecks.testConnectionDraft(
        { type: 'ai', urls: [{ url: server.origin }] },
        alice,
      ),
    ).rejects.toThrow(/Missing permission integrations.integration.create/);
    await expect(
      strictChecks.testConnectionDraft(
        { integrationId: id, type: 'ai', urls: [{ url: server.origin }] },
        alice,
      ),
    ).rejects.toThrow(/Missing permission integrations.credential.reveal/);
    expect(server.seen.length).toBe(seen);
  });

  it('refuses users while the permission framework is off', async () => {
    const { id } = await createIntegration();
    const guarded = new CheckService({
      ...(checks as any).options,
      guard: new SecretAccessGuard(false),
    });
    await expect(guarded.checkIntegrationConnection(id, alice)).rejects.toThrow(
      /permission framework is disabled/,
    );
  });

  it('keeps only the last results of each integration', async () => {
    const { id } = await createIntegration();
    for (let i = 0; i < 7; i++)
      await checks.checkIntegrationConnection(id, alice);
    expect((await checks.getConnectionChecks(id, alice)).history).toHaveLength(
      5,
    );
    expect(await knex('integration_check_results').count({ n: '*' })).toEqual([
      { n: databaseId.startsWith('POSTGRES') ? '5' : 5 },
    ]);
  });
});
