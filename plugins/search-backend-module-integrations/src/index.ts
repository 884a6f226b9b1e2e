/**
 * Search collator module for the Integrations plugin.
 *
 * @packageDocumentation
 */
export { searchModuleIntegrationsCollator as default } from './module';
export {
  IntegrationsCollatorFactory,
  INTEGRATION_DOCUMENT_TYPE,
  toIntegrationDocument,
} from './IntegrationsCollatorFactory';
export type {
  IntegrationDocument,
  IntegrationsSource,
} from './IntegrationsCollatorFactory';
