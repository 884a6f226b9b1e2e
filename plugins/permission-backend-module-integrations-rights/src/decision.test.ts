import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  integrationCreatePermission,
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationDeletePermission,
  integrationProjectAssignPermission,
  integrationProxyUsePermission,
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

  it('limits manageOwn to what the user owns, one resource type per condition', () => {
    const owned = (resourceType: string) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'integrations',
      resourceType,
      conditions: { rule: 'IS_OWNER', resourceType, params: { claims } },
    });
    const decide = (permission: Permission) =>
      decideIntegrationsPermission(permission, 'manageOwn', claims);

    expect(decide(integrationCreatePermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    for (const permission of [
      integrationReadPermission,
      integrationUpdatePermission,
      integrationDeletePermission,
      integrationProxyUsePermission,
    ]) {
      expect(decide(permission)).toEqual(owned('integration'));
    }
    expect(decide(integrationCredentialRevealPermission)).toEqual(
      owned('integration-credential'),
    );
    expect(decide(integrationCredentialUsePermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
    // Our plugin's rule on the entity: no catalog-entity grant is involved.
    expect(decide(integrationProjectAssignPermission)).toEqual(
      owned('integration-project'),
    );
  });

  it('denies manageOwn a permission it has no line for', () => {
    expect(
      decideIntegrationsPermission(
        { type: 'basic', name: 'integrations.unknown', attributes: {} },
        'manageOwn',
        claims,
      ).result,
    ).toBe(AuthorizeResult.DENY);
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
