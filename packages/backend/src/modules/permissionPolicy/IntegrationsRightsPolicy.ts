import { Config } from '@backstage/config';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  integrationCreatePermission,
  integrationCredentialUsePermission,
  integrationProjectAssignPermission,
  integrationsPermissions,
  RESOURCE_TYPE_INTEGRATION,
} from '@internal/plugin-integrations-common';
import {
  createIntegrationsConditionalDecision,
  integrationsConditions,
} from '@internal/plugin-integrations-backend';

export type IntegrationsRight = 'manageAll' | 'manageOwn' | 'none';

const integrationPermissionNames = new Set(integrationsPermissions.map(p => p.name));

/**
 * The seed's rights, read from app-config so a platform team changes them without code:
 * `integrations.rights.manageAll` and `integrations.rights.manageOwn` list user and group refs.
 * Permissions of other plugins are allowed, so the rest of the portal keeps working.
 */
export class IntegrationsRightsPolicy implements PermissionPolicy {
  private readonly manageAll: Set<string>;
  private readonly manageOwn: Set<string>;

  constructor(config: Config, private readonly userInfo: UserInfoService) {
    const refs = (key: string) =>
      new Set((config.getOptionalStringArray(key) ?? []).map(r => r.toLocaleLowerCase('en-US')));
    this.manageAll = refs('integrations.rights.manageAll');
    this.manageOwn = refs('integrations.rights.manageOwn');
  }

  rightOf(ownershipRefs: string[]): IntegrationsRight {
    const refs = ownershipRefs.map(r => r.toLocaleLowerCase('en-US'));
    if (refs.some(r => this.manageAll.has(r))) return 'manageAll';
    if (refs.some(r => this.manageOwn.has(r))) return 'manageOwn';
    return 'none';
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (!integrationPermissionNames.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) return { result: AuthorizeResult.DENY };

    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
    const right = this.rightOf(ownershipEntityRefs);
    if (right === 'manageAll') return { result: AuthorizeResult.ALLOW };
    if (right === 'none') return { result: AuthorizeResult.DENY };

    // manageOwn
    if (isPermission(permission, integrationCreatePermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, integrationCredentialUsePermission)) {
      // People reveal; services use. A manageOwn user has no run-time access.
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, integrationProjectAssignPermission)) {
      return createCatalogConditionalDecision(
        integrationProjectAssignPermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (isResourcePermission(permission, RESOURCE_TYPE_INTEGRATION)) {
      return createIntegrationsConditionalDecision(
        permission,
        integrationsConditions.isOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
