import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationReadPermission,
  integrationUpdatePermission,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { ProjectLoader } from './projects';
import { IntegrationRecord } from '../store/types';
import { IntegrationsAuthorizer } from './authorization';

describe('IntegrationsAuthorizer decision reuse', () => {
  function setup(decisionReuseMs: number) {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    const authorizer = IntegrationsAuthorizer.create({
      permissions,
      auth: mockServices.auth(),
      decisionReuseMs,
    });
    const asked = (name: string) =>
      permissions.authorizeConditional.mock.calls.filter(
        ([[request]]) => request.permission.name === name,
      ).length;
    return { authorizer, asked };
  }
  const alice = mockCredentials.user('user:default/alice');

  it('reuses a user decision on read and update within the window', async () => {
    const { authorizer, asked } = setup(1000);
    for (let i = 0; i < 3; i++) {
      await authorizer.decide(integrationReadPermission, alice);
      await authorizer.decide(integrationUpdatePermission, alice);
    }
    expect(asked(integrationReadPermission.name)).toBe(1);
    expect(asked(integrationUpdatePermission.name)).toBe(1);
  });

  it('always asks afresh for reveal and use', async () => {
    const { authorizer, asked } = setup(5000);
    for (let i = 0; i < 3; i++) {
      await authorizer.decide(integrationCredentialRevealPermission, alice);
      await authorizer.decide(integrationCredentialUsePermission, alice);
    }
    expect(asked(integrationCredentialRevealPermission.name)).toBe(3);
    expect(asked(integrationCredentialUsePermission.name)).toBe(3);
  });

  it('asks every time once requests no longer overlap when reuse is 0', async () => {
    const { authorizer, asked } = setup(0);
    for (let i = 0; i < 3; i++)
      await authorizer.decide(integrationReadPermission, alice);
    expect(asked(integrationReadPermission.name)).toBe(3);
  });
});

describe('IntegrationsAuthorizer decisions per resource type', () => {
  const alice = mockCredentials.user('user:default/alice');
  const record = {
    id: 'i1',
    owner: 'group:default/team-payments',
    projects: [],
  } as unknown as IntegrationRecord;
  const ownedBy = (resourceType: string, claims: string[]): PolicyDecision => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'integrations',
    resourceType,
    conditions: { rule: 'IS_OWNER', resourceType, params: { claims } },
  });
  function authorizerWith(
    decide: (name: string) => PolicyDecision,
    projects?: ProjectLoader,
  ) {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(r => decide(r.permission.name)),
    );
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => decide(r.permission.name) as any),
    );
    return IntegrationsAuthorizer.create({ permissions, projects });
  }

  it('applies reveal conditions with the integration-credential rules and names the permission it misses', async () => {
    const authorizer = authorizerWith(() =>
      ownedBy('integration-credential', ['group:default/team-voice']),
    );
    await expect(
      authorizer.assertAllowed(
        integrationCredentialRevealPermission,
        record,
        alice,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Missing permission integrations.credential.reveal for integration i1',
    });
    const owner = authorizerWith(() =>
      ownedBy('integration-credential', ['group:default/team-payments']),
    );
    await expect(
      owner.assertAllowed(integrationCredentialRevealPermission, record, alice),
    ).resolves.toBeUndefined();
  });

  it('applies a CONDITIONAL assign decision to the entities, loaded in one request', async () => {
    const load = jest.fn<ReturnType<ProjectLoader>, Parameters<ProjectLoader>>(
      async refs =>
        refs.map(ref =>
          ref === 'component:default/missing'
            ? undefined
            : {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: ref.split('/')[1], namespace: 'default' },
                spec: {
                  owner: ref.endsWith('checkout')
                    ? 'team-payments'
                    : 'team-voice',
                },
              },
        ),
    );
    const authorizer = authorizerWith(
      () => ownedBy('integration-project', ['group:default/team-payments']),
      load,
    );
    await expect(
      authorizer.assertMayAssign(['component:default/checkout'], alice),
    ).resolves.toBeUndefined();
    await expect(
      authorizer.assertMayAssign(
        [
          'component:default/checkout',
          'component:default/call-router',
          'component:default/missing',
        ],
        alice,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Missing permission integrations.project.assign for component:default/call-router, component:default/missing',
    });
    expect(load).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenLastCalledWith([
      'component:default/checkout',
      'component:default/call-router',
      'component:default/missing',
    ]);
  });

  it('asks nothing to assign no project, and names create when it is missing', async () => {
    const asked: string[] = [];
    const authorizer = authorizerWith(name => {
      asked.push(name);
      return { result: AuthorizeResult.DENY };
    });
    await authorizer.assertMayAssign([], alice);
    expect(asked).toEqual([]);
    await expect(authorizer.assertMayCreate(alice)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Missing permission integrations.integration.create',
    });
    await expect(
      authorizer.assertMayAssign(['component:default/checkout'], alice),
    ).rejects.toMatchObject({
      message:
        'Missing permission integrations.project.assign for component:default/checkout',
    });
  });
});
