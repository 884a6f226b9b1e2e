import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationReadPermission,
  integrationUpdatePermission,
} from '@integrations-hub/backstage-plugin-integrations-common';
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
