/**
 * Backend for the Integrations plugin.
 *
 * @packageDocumentation
 */
export { integrationsPlugin as default } from './plugin';
export {
  integrationsConditions,
  createIntegrationsConditionalDecision,
  integrationPermissionRules,
  integrationResourceRef,
} from './permissions/rules';
