import request from 'supertest';
import { Knex } from 'knex';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from '../../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const BASE = '/api/integrations/.well-known/backstage/permissions';
const asService = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:permission'),
    targetPluginId: 'integrations',
  }),
};

const CATALOG = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'team-payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'call-router', namespace: 'default' },
    spec: { owner: 'group:default/team-voice' },
  },
];

describe('permission registration', () => {
  let knex: Knex;
  let backend: TestBackend;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    backend = await startIntegrationsBackend({
      knex,
      features: [catalogServiceMock.factory({ entities: CATALOG })],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await knex?.destroy();
  });

  it('lists the eight permissions, each under its resource type with its RBAC action', async () => {
    const res = await request(backend.server)
      .get(`${BASE}/metadata`)
      .set(asService);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.permissions.map((p: any) => [
        p.name,
        {
          type: p.type,
          resourceType: p.resourceType,
          action: p.attributes.action,
        },
      ]),
    );
    expect(byName).toEqual({
      'integrations.integration.read': {
        type: 'resource',
        resourceType: 'integration',
        action: 'read',
      },
      'integrations.integration.create': {
        type: 'basic',
        resourceType: undefined,
        action: 'create',
      },
      'integrations.integration.update': {
        type: 'resource',
        resourceType: 'integration',
        action: 'update',
      },
      'integrations.integration.delete': {
        type: 'resource',
        resourceType: 'integration',
        action: 'delete',
      },
      'integrations.credential.reveal': {
        type: 'resource',
        resourceType: 'integration-credential',
        action: 'read',
      },
      // No action attribute: RBAC calls it `use`.
      'integrations.credential.use': {
        type: 'resource',
        resourceType: 'integration-credential',
        action: undefined,
      },
      'integrations.project.assign': {
        type: 'resource',
        resourceType: 'integration-project',
        action: 'update',
      },
      // `integration, use`: no other permission is, so it grants no resolve or reveal.
      'integrations.proxy.use': {
        type: 'resource',
        resourceType: 'integration',
        action: undefined,
      },
    });
  });

  it('lists the rules of the three resource types with their parameter schemas', async () => {
    const res = await request(backend.server)
      .get(`${BASE}/metadata`)
      .set(asService);
    const rules = res.body.rules.map((r: any) => ({
      resourceType: r.resourceType,
      name: r.name,
      params: Object.fromEntries(
        Object.entries(r.paramsSchema.properties).map(
          ([key, schema]: [string, any]) => [
            key,
            schema.type === 'array' ? `${schema.items.type}[]` : schema.type,
          ],
        ),
      ),
      required: r.paramsSchema.required,
    }));
    expect(rules).toEqual([
      {
        resourceType: 'integration',
        name: 'IS_OWNER',
        params: { claims: 'string[]' },
        required: ['claims'],
      },
      {
        resourceType: 'integration',
        name: 'IS_ASSIGNED_TO',
        params: { entityRef: 'string' },
        required: ['entityRef'],
      },
      {
        resourceType: 'integration-credential',
        name: 'IS_OWNER',
        params: { claims: 'string[]' },
        required: ['claims'],
      },
      {
        resourceType: 'integration-credential',
        name: 'IS_ASSIGNED_TO',
        params: { entityRef: 'string' },
        required: ['entityRef'],
      },
      {
        resourceType: 'integration-project',
        name: 'IS_OWNER',
        params: { claims: 'string[]' },
        required: ['claims'],
      },
    ]);
  });

  it('applies conditions of each resource type to the records and entities it loads', async () => {
    const created = await request(backend.server)
      .post('/api/integrations/integrations')
      .set('Authorization', userHeader())
      .send(
        integrationBody({
          owner: 'group:default/team-payments',
          projects: ['component:default/checkout'],
        }),
      );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const ownedBy = (resourceType: string) => ({
      rule: 'IS_OWNER',
      resourceType,
      params: { claims: ['group:default/Team-Payments'] },
    });
    const res = await request(backend.server)
      .post(`${BASE}/apply-conditions`)
      .set(asService)
      .send({
        items: [
          {
            id: 'read',
            resourceType: 'integration',
            resourceRef: [id, '00000000-0000-4000-8000-000000000000'],
            conditions: ownedBy('integration'),
          },
          {
            id: 'reveal',
            resourceType: 'integration-credential',
            resourceRef: id,
            conditions: {
              rule: 'IS_ASSIGNED_TO',
              resourceType: 'integration-credential',
              params: { entityRef: 'component:default/checkout' },
            },
          },
          {
            id: 'assign',
            resourceType: 'integration-project',
            resourceRef: [
              'component:default/checkout',
              'component:default/call-router',
              'component:default/missing',
            ],
            conditions: ownedBy('integration-project'),
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: 'read', result: ['ALLOW', 'DENY'] },
      { id: 'reveal', result: 'ALLOW' },
      { id: 'assign', result: ['ALLOW', 'DENY', 'DENY'] },
    ]);
  });
});
