/**
 * Backend for the Integrations plugin.
 *
 * @packageDocumentation
 */
export { integrationsPlugin as default } from './plugin';
export {
  // `integration` (read, update, delete)
  integrationsConditions,
  createIntegrationsConditionalDecision,
  integrationPermissionRules,
  integrationResourceRef,
  // `integration-credential` (reveal, use)
  integrationCredentialConditions,
  createIntegrationCredentialConditionalDecision,
  integrationCredentialPermissionRules,
  integrationCredentialResourceRef,
  // `integration-project` (assign)
  integrationProjectConditions,
  createIntegrationProjectConditionalDecision,
  integrationProjectPermissionRules,
  integrationProjectResourceRef,
} from './core/permissions/rules';
export type {
  IntegrationPermissionResource,
  IntegrationProjectFilter,
} from './core/permissions/resourceRefs';
export type { IntegrationFilter } from './core/store/types';
