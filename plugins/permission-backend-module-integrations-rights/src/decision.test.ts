import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  integrationCreatePermission,
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationDeletePermission,
  integrationProjectAssignPermission,
  integrationReadPermission,
  integrationsPermissions,
  integrationUpdatePermission,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  decideIntegrationsPermission,
  isIntegrationsPermission,
} from './decision';
import { IntegrationsRights } from './rights';

const claims = ['user:default/pat', 'group:default/team-payments'];

describe('decideIntegrationsPermission', () => {
  it('allows every integration permission for manageAll', () => {
    for (const permission of integrationsPermissions) {
      expect(
        decideIntegrationsPermission(permission, 'manageAll', claims).result,
      ).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('denies every integration permission without a right', () => {
    for (const permission of integrationsPermissions) {
      expect(
        decideIntegrationsPermission(permission, 'none', claims).result,
      ).toBe(AuthorizeResult.DENY);
    }
  });

  it('limits manageOwn to what the user owns', () => {
    for (const permission of [
      integrationReadPermission,
      integrationUpdatePermission,
      integrationDeletePermission,
      integrationCredentialRevealPermission,
    ]) {
      expect(
        decideIntegrationsPermission(permission, 'manageOwn', claims),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'integrations',
        resourceType: 'integration',
        conditions: {
          rule: 'IS_OWNER',
          resourceType: 'integration',
          params: { claims },
        },
      });
    }
    expect(
      decideIntegrationsPermission(
        integrationCreatePermission,
        'manageOwn',
        claims,
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      decideIntegrationsPermission(
        integrationCredentialUsePermission,
        'manageOwn',
        claims,
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      decideIntegrationsPermission(
        integrationProjectAssignPermission,
        'manageOwn',
        claims,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims },
      },
    });
  });

  it('recognizes only integration permissions', () => {
    expect(isIntegrationsPermission(integrationReadPermission)).toBe(true);
    expect(
      isIntegrationsPermission({
        type: 'basic',
        name: 'catalog.entity.create',
        attributes: {},
      }),
    ).toBe(false);
  });
});

describe('IntegrationsRights', () => {
  const rights = new IntegrationsRights({
    manageAll: ['group:default/Platform-Team'],
    manageOwn: ['group:default/team-payments'],
  });

  it('takes the strongest right of any ownership ref, ignoring case', () => {
    expect(
      rights.rightOf(['user:default/a', 'group:default/platform-team']),
    ).toBe('manageAll');
    expect(
      rights.rightOf(['user:default/pat', 'group:default/team-payments']),
    ).toBe('manageOwn');
    expect(rights.rightOf(['user:default/nora'])).toBe('none');
  });
});
