/**
 * Permission policy module for the Integrations plugin: the manageAll / manageOwn rights
 * from app-config, and the building blocks for adopters who keep a policy of their own.
 *
 * @packageDocumentation
 */
export { integrationsRightsPolicyModule as default } from './module';
export {
  IntegrationsRightsPolicy,
  createIntegrationsPolicyHandler,
  type IntegrationsPolicyHandler,
} from './IntegrationsRightsPolicy';
export {
  decideIntegrationsPermission,
  isIntegrationsPermission,
} from './decision';
export { IntegrationsRights, type IntegrationsRight } from './rights';
