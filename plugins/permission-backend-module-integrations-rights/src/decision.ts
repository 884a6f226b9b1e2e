import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  integrationCreatePermission,
  integrationCredentialUsePermission,
  integrationProjectAssignPermission,
  integrationsPermissions,
  RESOURCE_TYPE_INTEGRATION,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  createIntegrationsConditionalDecision,
  integrationsConditions,
} from '@integrations-hub/backstage-plugin-integrations-backend';
import { IntegrationsRight } from './rights';

const integrationPermissionNames = new Set(
  integrationsPermissions.map(p => p.name),
);

/** Whether a permission belongs to the Integrations plugin (including project assignment). */
export function isIntegrationsPermission(permission: Permission): boolean {
  return integrationPermissionNames.has(permission.name);
}

/**
 * The decision for one integration permission, given the user's right and ownership refs.
 *
 * - manageAll: ALLOW everything.
 * - manageOwn: create; read/update/delete/reveal only integrations they own; assign only
 *   catalog entities they own (the catalog evaluates its IS_ENTITY_OWNER rule); no
 *   run-time use (`credential.use` is for services).
 * - none: DENY.
 */
export function decideIntegrationsPermission(
  permission: Permission,
  right: IntegrationsRight,
  ownershipEntityRefs: string[],
): PolicyDecision {
  if (right === 'manageAll') return { result: AuthorizeResult.ALLOW };
  if (right === 'none') return { result: AuthorizeResult.DENY };

  if (isPermission(permission, integrationCreatePermission)) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (isPermission(permission, integrationCredentialUsePermission)) {
    return { result: AuthorizeResult.DENY };
  }
  if (isPermission(permission, integrationProjectAssignPermission)) {
    // The catalog's own rule, by name, so this module needs no catalog backend dependency.
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ownershipEntityRefs },
      },
    };
  }
  if (isResourcePermission(permission, RESOURCE_TYPE_INTEGRATION)) {
    return createIntegrationsConditionalDecision(
      permission,
      integrationsConditions.isOwner({ claims: ownershipEntityRefs }),
    );
  }
  return { result: AuthorizeResult.DENY };
}
