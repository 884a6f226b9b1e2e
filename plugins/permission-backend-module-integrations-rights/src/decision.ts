import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
  PolicyDecision,
  ResourcePermission,
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
  RESOURCE_TYPE_INTEGRATION,
  RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
  RESOURCE_TYPE_INTEGRATION_PROJECT,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  createIntegrationCredentialConditionalDecision,
  createIntegrationProjectConditionalDecision,
  createIntegrationsConditionalDecision,
  integrationCredentialConditions,
  integrationProjectConditions,
  integrationsConditions,
} from '@integrations-hub/backstage-plugin-integrations-backend';
import { IntegrationsRight } from './rights';

const integrationPermissionNames = new Set(
  integrationsPermissions.map(p => p.name),
);

/**
 * Whether a permission belongs to the Integrations plugin (including project assignment).
 *
 * @public
 */
export function isIntegrationsPermission(permission: Permission): boolean {
  return integrationPermissionNames.has(permission.name);
}

type Decide = (permission: Permission, claims: string[]) => PolicyDecision;

const allow: Decide = () => ({ result: AuthorizeResult.ALLOW });
const deny: Decide = () => ({ result: AuthorizeResult.DENY });

/**
 * CONDITIONAL IS_OWNER under one resource type's rules; DENY for a permission
 * of another type.
 */
function ownerOf<TResourceType extends string>(
  resourceType: TResourceType,
  conditions: {
    isOwner(params: {
      claims: string[];
    }): PermissionCondition<TResourceType, PermissionRuleParams>;
  },
  conditionalDecision: (
    permission: ResourcePermission<TResourceType>,
    criteria: PermissionCriteria<
      PermissionCondition<TResourceType, PermissionRuleParams>
    >,
  ) => PolicyDecision,
): Decide {
  return (permission, claims) =>
    isResourcePermission(permission, resourceType)
      ? conditionalDecision(permission, conditions.isOwner({ claims }))
      : deny(permission, claims);
}

/** The integration (`integration`). */
const ownIntegration = ownerOf(
  RESOURCE_TYPE_INTEGRATION,
  integrationsConditions,
  createIntegrationsConditionalDecision,
);
/** The integration whose credentials they are (`integration-credential`). */
const ownCredential = ownerOf(
  RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
  integrationCredentialConditions,
  createIntegrationCredentialConditionalDecision,
);
/** The catalog entity (`integration-project`, evaluated by the integrations plugin). */
const ownProject = ownerOf(
  RESOURCE_TYPE_INTEGRATION_PROJECT,
  integrationProjectConditions,
  createIntegrationProjectConditionalDecision,
);

/**
 * manageOwn, one line per permission: what they own, nothing else. No run-time
 * use (`credential.use` is for services); the proxy on what they own. Creating needs create, plus assign for
 * each project named, which this grants for the entities they own.
 */
const MANAGE_OWN: Record<string, Decide> = {
  [integrationCreatePermission.name]: allow,
  [integrationReadPermission.name]: ownIntegration,
  [integrationUpdatePermission.name]: ownIntegration,
  [integrationDeletePermission.name]: ownIntegration,
  [integrationCredentialRevealPermission.name]: ownCredential,
  [integrationCredentialUsePermission.name]: deny,
  [integrationProjectAssignPermission.name]: ownProject,
  // Weaker than reveal, which they hold on what they own: the value stays in the backend.
  [integrationProxyUsePermission.name]: ownIntegration,
};

/**
 * The decision for one integration permission, given the user's right and ownership refs.
 *
 * - manageAll: ALLOW everything.
 * - manageOwn: the MANAGE_OWN table above.
 * - none: DENY.
 *
 * @public
 */
export function decideIntegrationsPermission(
  permission: Permission,
  right: IntegrationsRight,
  ownershipEntityRefs: string[],
): PolicyDecision {
  if (right === 'manageAll') return allow(permission, ownershipEntityRefs);
  if (right === 'none') return deny(permission, ownershipEntityRefs);
  const decide = MANAGE_OWN[permission.name] ?? deny;
  return decide(permission, ownershipEntityRefs);
}
