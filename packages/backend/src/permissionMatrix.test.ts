import { randomBytes } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import request from 'supertest';
import knexFactory from 'knex';
import {
  createBackendModule,
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
// A policy in code needs the permission plugin's extension point.
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { RESOURCE_TYPE_INTEGRATION } from '@integrations-hub/backstage-plugin-integrations-common';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  IntegrationsRightsPolicy,
  isIntegrationsPermission,
} from '@integrations-hub/backstage-plugin-permission-backend-module-integrations-rights';

jest.setTimeout(120_000);

const CANARY = 'canary-matrix-5d2c';
const PG_URL = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

// Who belongs to which group, as the sign-in resolver would put it in the token.
const OWNERSHIP: Record<string, string[]> = {
  'user:default/admin': ['group:default/platform-team'],
  'user:default/pat': ['group:default/team-payments'],
  'user:default/vic': ['group:default/team-voice'],
  'user:default/nora': [],
  'user:default/val': [],
};

/** The code-policy viewer: no right in config, only what the policy below grants. */
const VIEWER = 'user:default/val';

/**
 * The rights module's policy (manageAll / manageOwn from config), plus a viewer
 * granted as an RBAC line `integration, read, allow` grants: every integrations
 * permission of resource type `integration` with action `read`, nothing else.
 * Reveal (`integration-credential`, read) and use (`integration-credential`, use)
 * are of another type, so the grant gives neither.
 */
const matrixPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'matrix-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        rootConfig: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, rootConfig, userInfo }) {
        const rights = new IntegrationsRightsPolicy({
          config: rootConfig,
          userInfo,
        });
        policy.setPolicy({
          async handle(query, user) {
            const { permission } = query;
            const principal = user?.credentials.principal as {
              userEntityRef?: string;
            };
            if (
              principal?.userEntityRef !== VIEWER ||
              !isIntegrationsPermission(permission)
            ) {
              return rights.handle(query, user);
            }
            const granted =
              isResourcePermission(permission, RESOURCE_TYPE_INTEGRATION) &&
              permission.attributes.action === 'read';
            return {
              result: granted ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            };
          },
        });
      },
    });
  },
});

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(OWNERSHIP[ref] ?? [])],
      };
    },
  }),
});

/**
 * The mock auth service drops the acting plugin from on-behalf-of tokens; the real
 * one keeps it, and the permission backend relies on it. Put it back.
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(inner), {
      async authenticate(token: string, options?: any) {
        const credentials: any = await inner.authenticate(token, options);
        const prefix = 'mock-service-token:';
        if (credentials.principal.type === 'user' && token.startsWith(prefix)) {
          const { obo, sub } = JSON.parse(token.slice(prefix.length));
          if (obo)
            return mockCredentials.user(obo, {
              actor: { subject: sub ?? 'plugin:unknown' },
            });
        }
        return credentials;
      },
    });
  },
});

function config(database: object) {
  return {
    backend: { database },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['Component', 'Group', 'User', 'System', 'Location'] }],
      locations: [
        {
          type: 'file',
          target: resolvePath(__dirname, '__fixtures__/catalog.yaml'),
        },
      ],
    },
    integrationsHub: {
      types: [
        { id: 'payments', title: 'Payments' },
        { id: 'telephony', title: 'Telephony' },
      ],
      encryption: {
        keys: [{ id: 'k1', secret: randomBytes(32).toString('base64') }],
      },
      rights: {
        manageAll: ['group:default/platform-team'],
        manageOwn: ['group:default/team-payments', 'group:default/team-voice'],
      },
    },
  };
}

const databases: Array<[string, object]> = [
  ['SQLite', { client: 'better-sqlite3', connection: ':memory:' }],
];
const pgPrefix = `itest_${randomBytes(4).toString('hex')}_`;
if (PG_URL)
  databases.push([
    'PostgreSQL',
    { client: 'pg', connection: PG_URL, prefix: pgPrefix },
  ]);

describe.each(databases)('permission matrix on %s', (_, database) => {
  let backend: TestBackend;
  const api = () => request(backend.server);
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  const asService = {
    Authorization: mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('plugin:billing'),
      targetPluginId: 'integrations',
    }),
  };
  let patsId: string;
  let adminsId: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        integrationsPlugin,
        permissionPlugin,
        matrixPolicyModule,
        catalogPlugin,
        mockServices.rootConfig.factory({ data: config(database) as any }),
        // The real HTTP auth service, so every token goes through the auth service above.
        httpAuthServiceFactory,
        userInfoFactory,
        authFactory,
      ],
    });
    // Wait for the catalog to ingest the fixture: project ownership is checked against it.
    for (let i = 0; i < 60; i++) {
      const res = await api()
        .get('/api/catalog/entities/by-name/component/default/checkout')
        .set(as('user:default/admin'));
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 500));
    }
    const create = async (user: string, body: object) => {
      const res = await api()
        .post('/api/integrations/integrations')
        .set(as(user))
        .send(body);
      expect({
        status: res.status,
        body: res.status === 201 ? undefined : res.body,
      }).toEqual({ status: 201 });
      return res.body.id as string;
    };
    patsId = await create('user:default/pat', {
      name: 'Stripe',
      type: 'payments',
      owner: 'group:default/team-payments',
      urls: [],
      projects: ['component:default/checkout'],
      credentials: [{ key: 'SECRET_KEY', value: CANARY }],
    });
    adminsId = await create('user:default/admin', {
      name: 'Twilio',
      type: 'telephony',
      urls: [],
      projects: ['component:default/call-router'],
      credentials: [{ key: 'AUTH_TOKEN', value: CANARY }],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    if ((database as any).client === 'pg') {
      const admin = knexFactory({ client: 'pg', connection: PG_URL });
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${pgPrefix}%`],
      );
      for (const { datname } of rows)
        await admin.raw(`drop database if exists "${datname}" with (force)`);
      await admin.destroy();
    }
  });

  const update = (id: string, user: string, name: string) =>
    api()
      .get(`/api/integrations/integrations/${id}`)
      .set(as(user))
      .then(got =>
        got.status !== 200
          ? got
          : api()
              .put(`/api/integrations/integrations/${id}`)
              .set(as(user))
              .send({
                name,
                type: got.body.type,
                urls: [],
                projects: got.body.projects,
                version: got.body.version,
                credentials: got.body.credentials.map((c: any) => ({
                  key: c.key,
                })),
              }),
      );

  type Caller =
    | 'anonymous'
    | 'nora'
    | 'patOwner'
    | 'vicNonOwner'
    | 'admin'
    | 'viewer'
    | 'service';
  const headers: Record<Caller, Record<string, string>> = {
    anonymous: {},
    nora: as('user:default/nora'),
    patOwner: as('user:default/pat'),
    vicNonOwner: as('user:default/vic'),
    admin: as('user:default/admin'),
    viewer: as(VIEWER),
    service: asService,
  };

  // Status per endpoint for Pat's integration, by caller.
  const matrix: Array<
    [
      string,
      (h: Record<string, string>) => Promise<request.Response>,
      Record<Caller, number>,
    ]
  > = [
    [
      'get',
      h => api().get(`/api/integrations/integrations/${patsId}`).set(h),
      {
        anonymous: 401,
        nora: 404,
        patOwner: 200,
        vicNonOwner: 404,
        admin: 200,
        viewer: 200,
        service: 403,
      },
    ],
    [
      'events',
      h => api().get(`/api/integrations/integrations/${patsId}/events`).set(h),
      {
        anonymous: 401,
        nora: 404,
        patOwner: 200,
        vicNonOwner: 404,
        admin: 200,
        viewer: 200,
        service: 403,
      },
    ],
    [
      'reveal',
      h =>
        api()
          .post(
            `/api/integrations/integrations/${patsId}/credentials/SECRET_KEY/reveal`,
          )
          .set(h),
      {
        anonymous: 401,
        nora: 404,
        patOwner: 200,
        vicNonOwner: 404,
        admin: 200,
        viewer: 403,
        service: 403,
      },
    ],
    [
      'list',
      h => api().get('/api/integrations/integrations').set(h),
      {
        anonymous: 401,
        nora: 200,
        patOwner: 200,
        vicNonOwner: 200,
        admin: 200,
        viewer: 200,
        // Metadata for other plugins (the search collator); values never appear in lists.
        service: 200,
      },
    ],
    [
      'types',
      h => api().get('/api/integrations/types').set(h),
      {
        anonymous: 401,
        nora: 200,
        patOwner: 200,
        vicNonOwner: 200,
        admin: 200,
        viewer: 200,
        service: 200,
      },
    ],
    [
      'resolve',
      h =>
        api()
          .get('/api/integrations/resolve?project=component:default/checkout')
          .set(h),
      {
        anonymous: 401,
        nora: 403,
        patOwner: 403,
        vicNonOwner: 403,
        admin: 200,
        viewer: 403,
        service: 200,
      },
    ],
    [
      'create',
      h =>
        api().post('/api/integrations/integrations').set(h).send({
          name: 'New',
          type: 'payments',
          urls: [],
          projects: [],
          credentials: [],
        }),
      {
        anonymous: 401,
        nora: 403,
        patOwner: 201,
        vicNonOwner: 201,
        admin: 201,
        viewer: 403,
        service: 403,
      },
    ],
  ];

  it.each(matrix)(
    '%s answers each caller as the policy says, leaking nothing',
    async (endpoint, call, expected) => {
      for (const [caller, status] of Object.entries(expected)) {
        const res = await call(headers[caller as Caller]);
        expect({ caller, status: res.status }).toEqual({ caller, status });
        const mayShowValue =
          status === 200 && (endpoint === 'reveal' || endpoint === 'resolve');
        expect({
          caller,
          leaked: !mayShowValue && JSON.stringify(res.body).includes(CANARY),
        }).toEqual({ caller, leaked: false });
      }
    },
  );

  it('refuses update and delete to every caller but the owner and manageAll, changing nothing', async () => {
    const before = (
      await api()
        .get(`/api/integrations/integrations/${patsId}`)
        .set(as('user:default/admin'))
    ).body;
    const body = {
      name: 'Changed',
      type: 'payments',
      urls: [],
      projects: before.projects,
      version: before.version,
      credentials: [{ key: 'SECRET_KEY' }],
    };
    const expected: Array<[Caller, number]> = [
      ['anonymous', 401],
      ['service', 403],
      // May read it, so told which permission is missing.
      ['viewer', 403],
      // They may not read it: answered exactly like a missing id.
      ['nora', 404],
      ['vicNonOwner', 404],
    ];
    for (const [caller, status] of expected) {
      const put = await api()
        .put(`/api/integrations/integrations/${patsId}`)
        .set(headers[caller])
        .send(body);
      const del = await api()
        .delete(`/api/integrations/integrations/${patsId}`)
        .set(headers[caller]);
      expect({ caller, put: put.status, delete: del.status }).toEqual({
        caller,
        put: status,
        delete: status,
      });
    }
    const after = (
      await api()
        .get(`/api/integrations/integrations/${patsId}`)
        .set(as('user:default/admin'))
    ).body;
    expect(after).toEqual(before);
  });

  it('lists exactly the permitted records', async () => {
    const names = async (caller: Caller) =>
      (
        await api()
          .get('/api/integrations/integrations?q=i')
          .set(headers[caller])
      ).body.items
        ?.map((i: any) => i.name)
        .sort();
    expect(await names('admin')).toEqual(['Stripe', 'Twilio']);
    expect(await names('viewer')).toEqual(['Stripe', 'Twilio']);
    expect(await names('patOwner')).toEqual(['Stripe']);
    expect(await names('vicNonOwner')).toEqual([]);
    expect(await names('nora')).toEqual([]);
  });

  it('says with each list what the read decision lets the caller list', async () => {
    const access = async (caller: Caller) =>
      (await api().get('/api/integrations/integrations').set(headers[caller]))
        .body.access;
    expect(await access('admin')).toBe('all');
    expect(await access('viewer')).toBe('all');
    expect(await access('patOwner')).toBe('filtered');
    expect(await access('nora')).toBe('none');
  });

  it('lets only the owner (or manageAll) update and delete', async () => {
    // Records the caller may not read answer 404, as if they did not exist.
    expect((await update(patsId, 'user:default/vic', 'Hijacked')).status).toBe(
      404,
    );
    expect((await update(patsId, 'user:default/pat', 'Stripe EU')).status).toBe(
      200,
    );
    expect(
      (await update(adminsId, 'user:default/pat', 'Mine now')).status,
    ).toBe(404);
    expect(
      (
        await api()
          .delete(`/api/integrations/integrations/${patsId}`)
          .set(as('user:default/vic'))
      ).status,
    ).toBe(404);
    expect(
      (
        await api()
          .delete(`/api/integrations/integrations/${adminsId}`)
          .set(as('user:default/nora'))
      ).status,
    ).toBe(404);
  });

  it('answers a record the caller may not read exactly like a missing one (404, same message)', async () => {
    const missingId = '00000000-0000-4000-8000-000000000000';
    const calls: Array<[string, (id: string) => request.Test]> = [
      ['get', id => api().get(`/api/integrations/integrations/${id}`)],
      [
        'events',
        id => api().get(`/api/integrations/integrations/${id}/events`),
      ],
      [
        'update',
        id =>
          api().put(`/api/integrations/integrations/${id}`).send({
            name: 'Probe',
            type: 'payments',
            urls: [],
            projects: [],
            version: 1,
            credentials: [],
          }),
      ],
      ['delete', id => api().delete(`/api/integrations/integrations/${id}`)],
      [
        'reveal',
        id =>
          api().post(
            `/api/integrations/integrations/${id}/credentials/SECRET_KEY/reveal`,
          ),
      ],
    ];
    for (const [name, call] of calls) {
      const hidden = await call(patsId).set(as('user:default/vic'));
      const missing = await call(missingId).set(as('user:default/vic'));
      expect({ name, status: hidden.status }).toEqual({ name, status: 404 });
      expect({ name, status: missing.status }).toEqual({ name, status: 404 });
      expect(hidden.body.error).toEqual({
        ...missing.body.error,
        message: missing.body.error.message.replace(missingId, patsId),
      });
    }
  });

  it('refuses a manageOwn user assigning an entity they do not own, writing nothing', async () => {
    const before = (
      await api()
        .get('/api/integrations/integrations')
        .set(as('user:default/admin'))
    ).body.totalCount;
    const res = await api()
      .post('/api/integrations/integrations')
      .set(as('user:default/pat'))
      .send({
        name: 'Sneaky',
        type: 'payments',
        owner: 'group:default/team-payments',
        urls: [],
        projects: ['component:default/call-router'],
        credentials: [],
      });
    // Pat may update catalog entities (the policy allows every catalog permission):
    // that grants nothing here; assign is decided on the entity's owner.
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission integrations.project.assign for component:default/call-router',
    );
    const after = (
      await api()
        .get('/api/integrations/integrations')
        .set(as('user:default/admin'))
    ).body.totalCount;
    expect(after).toBe(before);

    const own = await api()
      .post('/api/integrations/integrations')
      .set(as('user:default/pat'))
      .send({
        name: 'Allowed',
        type: 'payments',
        owner: 'group:default/team-payments',
        urls: [],
        projects: ['component:default/checkout'],
        credentials: [],
      });
    expect(own.status).toBe(201);
  });

  it('lets a manageOwn user create for another owner, but not hand over what they manage', async () => {
    // Create asks create, and assign per project; not whether the creator keeps control.
    const gift = await api()
      .post('/api/integrations/integrations')
      .set(as('user:default/pat'))
      .send({
        name: 'Gift',
        type: 'payments',
        owner: 'group:default/team-voice',
        urls: [],
        projects: [],
        credentials: [],
      });
    expect(gift.status).toBe(201);
    const read = (user: string) =>
      api().get(`/api/integrations/integrations/${gift.body.id}`).set(as(user));
    expect((await read('user:default/pat')).status).toBe(404);
    expect((await read('user:default/vic')).body.owner).toBe(
      'group:default/team-voice',
    );

    const handOver = await api()
      .put(`/api/integrations/integrations/${patsId}`)
      .set(as('user:default/pat'))
      .send({
        ...(await api()
          .get(`/api/integrations/integrations/${patsId}`)
          .set(as('user:default/pat'))
          .then(r => ({
            name: r.body.name,
            type: r.body.type,
            urls: [],
            projects: r.body.projects,
            version: r.body.version,
            credentials: r.body.credentials.map((c: any) => ({ key: c.key })),
          }))),
        owner: 'group:default/team-voice',
      });
    expect(handOver.status).toBe(403);
    expect(handOver.body.error.message).toBe(
      `Missing permission integrations.integration.update for integration ${patsId} as it would be after this change`,
    );
  });

  it('names the missing permission in every refusal', async () => {
    const message = async (response: Promise<request.Response>) => {
      const res = await response;
      return { status: res.status, message: res.body.error?.message };
    };
    const missing = (permission: string, target?: string) => ({
      status: 403,
      message: `Missing permission ${permission}${
        target ? ` for ${target}` : ''
      }`,
    });
    expect(
      await message(
        api()
          .post(
            `/api/integrations/integrations/${patsId}/credentials/SECRET_KEY/reveal`,
          )
          .set(headers.viewer),
      ),
    ).toEqual(
      missing('integrations.credential.reveal', `integration ${patsId}`),
    );
    expect(
      await message(
        api()
          .get('/api/integrations/resolve?project=component:default/checkout')
          .set(headers.viewer),
      ),
    ).toEqual(
      missing(
        'integrations.credential.use',
        'the integrations of component:default/checkout',
      ),
    );
    expect(
      await message(
        api()
          .delete(`/api/integrations/integrations/${patsId}`)
          .set(headers.viewer),
      ),
    ).toEqual(
      missing('integrations.integration.delete', `integration ${patsId}`),
    );
    expect(
      await message(
        api().post('/api/integrations/integrations').set(headers.nora).send({
          name: 'Refused',
          type: 'payments',
          urls: [],
          projects: [],
          credentials: [],
        }),
      ),
    ).toEqual(missing('integrations.integration.create'));
  });
});
