import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from '@integrations-hub/backstage-plugin-integrations-backend/testUtils';
import { createIntegrationsPolicyHandler } from './IntegrationsRightsPolicy';

jest.setTimeout(90_000);

const CANARY = 'canary-write-only-7f3a';
const LATER = 'canary-made-write-only-c41d';
const ADA = 'user:default/ada';
const CHECKOUT = 'component:default/checkout';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Permissions as the permission backend gives them with this module's policy:
 * services are allowed before any policy runs, users get the rights decision
 * (ada holds manageAll, which is ALLOW for every Integrations permission).
 */
function rightsPermissions(): PermissionsService {
  const handler = createIntegrationsPolicyHandler({
    config: new ConfigReader({
      integrationsHub: { rights: { manageAll: [ADA] } },
    }),
    userInfo: {
      getUserInfo: async c => {
        const ref = (c.principal as { userEntityRef: string }).userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: [ref] };
      },
    },
  });
  const decide = async (
    permission: Permission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type === 'service') return { result: AuthorizeResult.ALLOW };
    const ref = principal.userEntityRef!;
    return (
      (await handler(
        { permission },
        {
          credentials: credentials as any,
          info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
        },
      )) ?? { result: AuthorizeResult.ALLOW }
    );
  };
  return {
    authorize: async (requests, { credentials }) =>
      Promise.all(requests.map(r => decide(r.permission, credentials))) as any,
    authorizeConditional: async (requests, { credentials }) =>
      Promise.all(requests.map(r => decide(r.permission, credentials))) as any,
  };
}

/** Keeps every audit event with its outcome and final meta. */
class RecordingAuditor implements AuditorService {
  readonly events: Array<{
    eventId: string;
    outcome?: string;
    final?: unknown;
  }> = [];
  async createEvent(options: AuditorServiceCreateEventOptions) {
    const event: (typeof this.events)[number] = { eventId: options.eventId };
    this.events.push(event);
    return {
      success: async (o?: { meta?: unknown }) => {
        event.outcome = 'succeeded';
        event.final = o?.meta;
      },
      fail: async (o: { error: Error }) => {
        event.outcome = 'failed';
        event.final = { error: o.error.message };
      },
    };
  }
}

describe.each(databases.eachSupportedId())(
  'write-only credentials with the rights policy on %s',
  databaseId => {
    let backend: TestBackend;
    let base: string;
    let auditor: RecordingAuditor;
    let output: ReturnType<typeof captureOutput>;
    /** Every response body, named by who asked what. */
    let responses: Array<{ call: string; body: string }>;

    const ada = { Authorization: userHeader(ADA) };
    const billing = {
      Authorization: mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:billing'),
        targetPluginId: 'integrations',
      }),
    };

    async function call(
      name: string,
      path: string,
      headers: Record<string, string>,
      init: { method?: string; body?: unknown } = {},
    ) {
      const res = await fetch(`${base}/api/integrations${path}`, {
        method: init.method ?? 'GET',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const body = await res.text();
      responses.push({ call: name, body });
      const type = res.headers.get('content-type') ?? '';
      return {
        status: res.status,
        text: body,
        body: type.includes('json') ? JSON.parse(body) : undefined,
      };
    }

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      auditor = new RecordingAuditor();
      backend = await startIntegrationsBackend({
        knex,
        permissions: rightsPermissions(),
        features: [
          createServiceFactory({
            service: coreServices.auditor,
            deps: {},
            factory: () => auditor,
          }),
        ],
      });
      const address = backend.server.address() as { port: number };
      base = `http://127.0.0.1:${address.port}`;
    });
    afterAll(async () => {
      await backend?.stop();
    });
    beforeEach(() => {
      responses = [];
      output = captureOutput();
    });
    afterEach(() => {
      const logged = output.text();
      output.restore();
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(CANARY);
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(LATER);
      // Only a service's resolve ever carries a write-only value.
      const carrying = responses
        .filter(r => r.body.includes(CANARY) || r.body.includes(LATER))
        .map(r => r.call);
      // eslint-disable-next-line jest/no-standalone-expect
      expect(carrying.every(c => c === 'service resolve')).toBe(true);
    });

    const create = async () => {
      const created = await call('create', '/integrations', ada, {
        method: 'POST',
        body: integrationBody({
          credentials: [
            { key: 'API_KEY', value: CANARY, writeOnly: true },
            { key: 'ORG_ID', value: 'org-1234' },
          ],
        }),
      });
      expect(created.status).toBe(201);
      return created.body;
    };
    const reveal = (id: string, key: string) =>
      call(
        `reveal ${key}`,
        `/integrations/${id}/credentials/${key}/reveal`,
        ada,
        {
          method: 'POST',
        },
      );
    const update = (
      current: any,
      credentials: Array<Record<string, unknown>>,
    ) =>
      call('update', `/integrations/${current.id}`, ada, {
        method: 'PUT',
        body: {
          name: current.name,
          type: current.type,
          urls: current.urls,
          projects: current.projects,
          version: current.version,
          credentials,
        },
      });

    it('refuses reveal to a manageAll user (403 naming the credential) while a service resolves the value', async () => {
      const created = await create();
      expect(created.credentials).toEqual([
        expect.objectContaining({ key: 'API_KEY', writeOnly: true }),
        expect.not.objectContaining({ writeOnly: expect.anything() }),
      ]);

      const refused = await reveal(created.id, 'API_KEY');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(
        'Credential "API_KEY" of integration "OpenAI"',
      );
      expect(refused.body.error.message).toContain('write-only');
      // The same user reveals the readable credential: the policy allows reveal.
      const readable = await reveal(created.id, 'ORG_ID');
      expect(readable.status).toBe(200);
      expect(readable.body.value).toBe('org-1234');

      const resolved = await call(
        'service resolve',
        `/resolve?project=${encodeURIComponent(CHECKOUT)}`,
        billing,
      );
      expect(resolved.status).toBe(200);
      const item = resolved.body.integrations.find(
        (i: { id: string }) => i.id === created.id,
      );
      expect(item.credentials).toEqual({ API_KEY: CANARY, ORG_ID: 'org-1234' });

      // A person calling resolve gets the integration in failed, not its value.
      const asPerson = await call(
        'person resolve',
        `/resolve?project=${encodeURIComponent(CHECKOUT)}`,
        ada,
      );
      expect(asPerson.status).toBe(200);
      expect(
        asPerson.body.integrations.map((i: { id: string }) => i.id),
      ).not.toContain(created.id);
      expect(asPerson.body.failed).toContainEqual({
        id: created.id,
        name: 'OpenAI',
        key: 'API_KEY',
        reason: 'write-only: resolved by services only, never by a person',
      });

      const events = await call(
        'history',
        `/integrations/${created.id}/events`,
        ada,
      );
      const actions = events.body.items.map(
        (e: { action: string; detail: unknown; actor: string }) => [
          e.action,
          e.detail,
          e.actor,
        ],
      );
      expect(actions).toContainEqual([
        'credential.write-only',
        { key: 'API_KEY' },
        ADA,
      ]);
      // The refused reveal left no "revealed" entry; the allowed one did.
      expect(actions).toContainEqual([
        'credential.revealed',
        { key: 'ORG_ID' },
        ADA,
      ]);
      expect(actions).not.toContainEqual([
        'credential.revealed',
        { key: 'API_KEY' },
        ADA,
      ]);
      expect(auditor.events).toContainEqual({
        eventId: 'create-integration',
        outcome: 'succeeded',
        final: { integrationId: created.id, writeOnly: ['API_KEY'] },
      });
      expect(auditor.events).toContainEqual({
        eventId: 'reveal-credential',
        outcome: 'failed',
        final: { error: refused.body.error.message },
      });
    });

    it('makes a stored credential write-only later, audited and in history', async () => {
      const created = await create();
      const rotated = await update(created, [
        { key: 'API_KEY' },
        { key: 'ORG_ID', value: LATER, writeOnly: true },
      ]);
      expect(rotated.status).toBe(200);
      expect(rotated.body.credentials).toEqual([
        expect.objectContaining({ key: 'API_KEY', writeOnly: true }),
        expect.objectContaining({ key: 'ORG_ID', writeOnly: true }),
      ]);
      expect(auditor.events).toContainEqual(
        expect.objectContaining({
          eventId: 'update-integration',
          outcome: 'succeeded',
          final: expect.objectContaining({
            integrationId: created.id,
            madeWriteOnly: ['ORG_ID'],
          }),
        }),
      );
      expect((await reveal(created.id, 'ORG_ID')).status).toBe(403);

      const events = await call(
        'history',
        `/integrations/${created.id}/events`,
        ada,
      );
      const writeOnly = events.body.items
        .filter((e: { action: string }) => e.action === 'credential.write-only')
        .map((e: { detail: { key: string } }) => e.detail.key)
        .sort();
      expect(writeOnly).toEqual(['API_KEY', 'ORG_ID']);

      const resolved = await call(
        'service resolve',
        `/resolve?project=${encodeURIComponent(CHECKOUT)}`,
        billing,
      );
      expect(
        resolved.body.integrations.find(
          (i: { id: string }) => i.id === created.id,
        ).credentials.ORG_ID,
      ).toBe(LATER);
    });

    it('refuses to clear the flag (400 naming the field) and changes nothing', async () => {
      const created = await create();
      const before = await call(
        'history',
        `/integrations/${created.id}/events`,
        ada,
      );

      const cleared = await update(created, [
        { key: 'API_KEY', writeOnly: false },
        { key: 'ORG_ID', value: 'org-5678' },
      ]);
      expect(cleared.status).toBe(400);
      expect(cleared.body.error.message).toContain(
        'credentials[0].writeOnly: "API_KEY" is write-only and cannot be made readable again',
      );

      const after = await call('get', `/integrations/${created.id}`, ada);
      expect(after.body.version).toBe(created.version);
      expect(after.body.credentials).toEqual(created.credentials);
      const events = await call(
        'history',
        `/integrations/${created.id}/events`,
        ada,
      );
      expect(events.body.items).toEqual(before.body.items);
      expect((await reveal(created.id, 'API_KEY')).status).toBe(403);
      expect((await reveal(created.id, 'ORG_ID')).body.value).toBe('org-1234');
    });

    it('exports the flag, never a value', async () => {
      const created = await create();
      const json = await call('export json', '/integrations/export', ada);
      expect(json.status).toBe(200);
      const item = json.body.items.find(
        (i: { name: string; credentials: Array<{ key: string }> }) =>
          i.credentials.some(c => c.key === 'API_KEY'),
      );
      expect(item.credentials[0]).toMatchObject({
        key: 'API_KEY',
        writeOnly: true,
      });
      expect(Object.keys(item.credentials[0]).sort()).toEqual([
        'key',
        'rotatedAt',
        'writeOnly',
      ]);
      const csv = await call(
        'export csv',
        '/integrations/export?format=csv',
        ada,
      );
      expect(csv.status).toBe(200);
      expect(csv.text.split('\r\n')[0]).toContain('credentialWriteOnly');
      expect(csv.text).not.toContain('org-1234');
      expect(created.id).toBeDefined();
    });
  },
);
