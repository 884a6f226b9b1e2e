import { createConditionExports } from '@backstage/plugin-permission-node';
import {
  integrationCredentialPermissionRules,
  integrationPermissionRules,
} from './integrationRules';
import { isProjectOwner } from './projectRules';
import {
  integrationCredentialResourceRef,
  integrationProjectResourceRef,
  integrationResourceRef,
} from './resourceRefs';

export {
  integrationCredentialPermissionRules,
  integrationCredentialResourceRef,
  integrationPermissionRules,
  integrationProjectResourceRef,
  integrationResourceRef,
};

/**
 * Rules of the `integration-project` type: `IS_OWNER({ claims })` on the catalog entity.
 *
 * @public
 */
export const integrationProjectPermissionRules = { isOwner: isProjectOwner };

const integrationExports = createConditionExports({
  resourceRef: integrationResourceRef,
  rules: integrationPermissionRules,
});
const credentialExports = createConditionExports({
  resourceRef: integrationCredentialResourceRef,
  rules: integrationCredentialPermissionRules,
});
const projectExports = createConditionExports({
  resourceRef: integrationProjectResourceRef,
  rules: integrationProjectPermissionRules,
});

/**
 * Conditions for read, update and delete, e.g. `integrationsConditions.isOwner({ claims })`.
 *
 * @public
 */
export const integrationsConditions = integrationExports.conditions;
/**
 * A CONDITIONAL decision for read, update or delete.
 *
 * @public
 */
export const createIntegrationsConditionalDecision =
  integrationExports.createConditionalDecision;

/**
 * Conditions for reveal and use, e.g. `integrationCredentialConditions.isAssignedTo({ entityRef })`.
 *
 * @public
 */
export const integrationCredentialConditions = credentialExports.conditions;
/**
 * A CONDITIONAL decision for reveal or use.
 *
 * @public
 */
export const createIntegrationCredentialConditionalDecision =
  credentialExports.createConditionalDecision;

/**
 * Conditions for project assignment, e.g. `integrationProjectConditions.isOwner({ claims })`.
 *
 * @public
 */
export const integrationProjectConditions = projectExports.conditions;
/**
 * A CONDITIONAL decision for project assignment.
 *
 * @public
 */
export const createIntegrationProjectConditionalDecision =
  projectExports.createConditionalDecision;
