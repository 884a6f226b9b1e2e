/**
 * Scaffolder actions for the Integrations plugin.
 *
 * @packageDocumentation
 */
export { scaffolderModuleIntegrations as default } from './module';
export { createAssignIntegrationsAction } from './actions/assign';
export { createCreateIntegrationAction } from './actions/create';
export type { IntegrationsApi, OnBehalfOf } from './actions/integrationsApi';
