import request from 'supertest';
import { Knex } from 'knex';
import {
  coreServices,
  createBackendPlugin,
  AuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { coreFixture, CORE_TYPES } from '../../core/__testUtils__/coreFixture';
import { CredentialNotifier } from './CredentialNotifier';
import { NoticesStore } from './NoticesStore';
import { OwnerRecipients } from './recipients';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = mockCredentials.user('user:default/alice');

const entity = (kind: string, name: string, spec: object, relations = []) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec,
    relations,
  } as Entity);
// alice owns the integration and is in team-a, which owns checkout; bob is in team-a too.
const CATALOG = [
  entity('User', 'alice', {}),
  entity('User', 'bob', {}),
  entity('User', 'carol', {}),
  entity('Group', 'team-a', { type: 'team' }, [
    { type: 'hasMember', targetRef: 'user:default/alice' },
    { type: 'hasMember', targetRef: 'user:default/bob' },
  ] as any),
  entity('Component', 'checkout', { owner: 'team-a' }),
  entity('Component', 'search', { owner: 'user:default/carol' }),
];

describe.each(databases.eachSupportedId())(
  'owner notifications on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let deps: {
      notifications: NotificationService;
      catalog: CatalogService;
      auth: AuthService;
    };

    beforeAll(async () => {
      // Reaches into the test backend for the real notification service and catalog.
      const probe = createBackendPlugin({
        pluginId: 'probe',
        register(env) {
          env.registerInit({
            deps: {
              notifications: notificationService,
              catalog: catalogServiceRef,
              auth: coreServices.auth,
            },
            async init(d) {
              deps = d;
            },
          });
        },
      });
      backend = await startTestBackend({
        features: [
          notificationsPlugin,
          probe,
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: 'http://localhost:3000' } },
          }),
          catalogServiceMock.factory({ entities: CATALOG }),
        ],
      });
    });
    afterAll(async () => {
      await backend?.stop();
    });
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });
    afterEach(async () => knex?.destroy());

    const inbox = async (user: string) =>
      (
        await request(backend.server)
          .get('/api/notifications/notifications')
          .set('Authorization', mockCredentials.user.header(user))
      ).body.notifications as Array<{
        payload: { title: string; link: string; description: string };
      }>;

    const setup = async () => {
      const f = await coreFixture(knex);
      const notifier = new CredentialNotifier({
        notifications: deps.notifications,
        recipients: new OwnerRecipients({ ...deps, logger: f.logger }),
        integrations: f.store,
        credentials: f.stores.maintenance,
        notices: new NoticesStore(knex),
        types: CORE_TYPES,
        logger: f.logger,
      });
      const created = await f.integrations.createIntegration(
        {
          name: 'OpenAI',
          type: 'ai', // rotation period 90 days
          urls: [],
          projects: ['component:default/checkout', 'component:default/search'],
          credentials: [{ key: 'API_KEY', value: 'canary-notify-1' }],
        },
        alice,
      );
      return { f, notifier, id: created.id };
    };

    it('a due credential sends exactly one notification per recipient, once per state change', async () => {
      const { f, notifier, id } = await setup();
      // search is paused: its owner carol is not told.
      await f.assignments.pauseProjectAssignment(
        id,
        'component:default/search',
        {},
        alice,
      );
      const before = {
        alice: (await inbox('user:default/alice')).length,
        bob: (await inbox('user:default/bob')).length,
        carol: (await inbox('user:default/carol')).length,
      };

      const due = new Date(Date.now() + 91 * DAY);
      expect(await notifier.notifyRotationStates(due)).toBe(1);
      expect(await notifier.notifyRotationStates(due)).toBe(0);
      expect(
        await notifier.notifyRotationStates(new Date(due.getTime() + DAY)),
      ).toBe(0);

      const aliceInbox = await inbox('user:default/alice');
      const bobInbox = await inbox('user:default/bob');
      expect(aliceInbox.length - before.alice).toBe(1);
      expect(bobInbox.length - before.bob).toBe(1);
      expect((await inbox('user:default/carol')).length).toBe(before.carol);
      expect(aliceInbox[0].payload).toMatchObject({
        title: 'Credential API_KEY of "OpenAI" is due for rotation',
        link: `/integrations/${id}`,
      });
      expect(JSON.stringify(aliceInbox)).not.toContain('canary');
    });

    it('notifies again only after the state changes (rotated, then due again)', async () => {
      const { f, notifier, id } = await setup();
      const due = new Date(Date.now() + 91 * DAY);
      expect(await notifier.notifyRotationStates(due)).toBe(1);
      // Rotated now: ok again, so the notice is cleared.
      const current = await f.integrations.getIntegration(id, alice);
      await f.integrations.updateIntegration(
        id,
        {
          name: current.name,
          type: current.type,
          urls: [],
          projects: current.projects,
          version: current.version,
          credentials: [{ key: 'API_KEY', value: 'canary-notify-2' }],
        },
        alice,
      );
      expect(await notifier.notifyRotationStates(new Date())).toBe(0);
      expect(await knex('integration_credential_notices')).toEqual([]);
      expect(await notifier.notifyRotationStates(due)).toBe(1);
    });

    it('tells owners of a rollback, without the value', async () => {
      const { f, notifier, id } = await setup();
      const before = (await inbox('user:default/bob')).length;
      const record = (await f.store.get(id))!;
      await notifier.credentialRolledBack(record, {
        key: 'API_KEY',
        restoredVersion: 1,
        actor: 'user:default/alice',
      });
      const bobInbox = await inbox('user:default/bob');
      expect(bobInbox.length - before).toBe(1);
      expect(bobInbox[0].payload.title).toBe(
        'Credential API_KEY of "OpenAI" was rolled back',
      );
      expect(JSON.stringify(bobInbox)).not.toContain('canary');
    });

    it('works without the notifications backend: nothing sent, nothing remembered', async () => {
      const { f } = await setup();
      const notifier = new CredentialNotifier({
        notifications: undefined,
        recipients: new OwnerRecipients({ ...deps, logger: f.logger }),
        integrations: f.store,
        credentials: f.stores.maintenance,
        notices: new NoticesStore(knex),
        types: CORE_TYPES,
        logger: f.logger,
      });
      expect(
        await notifier.notifyRotationStates(new Date(Date.now() + 91 * DAY)),
      ).toBe(0);
      expect(await knex('integration_credential_notices')).toEqual([]);
    });
  },
);
