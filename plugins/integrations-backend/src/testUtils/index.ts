/**
 * Test helpers for modules of the Integrations backend: start the real plugin
 * on a test database with the permissions a test chooses.
 *
 * @packageDocumentation
 */
export {
  integrationsBackendFeatures,
  startIntegrationsBackend,
  userHeader,
} from './startIntegrationsBackend';
export type { IntegrationsBackendOptions } from './startIntegrationsBackend';
export {
  createTestEncryptionKey,
  integrationBody,
  integrationsTestConfig,
  TEST_KEY,
  TEST_TYPES,
} from './config';
export { permissionsDeciding } from './permissions';
export { captureOutput } from './captureOutput';
