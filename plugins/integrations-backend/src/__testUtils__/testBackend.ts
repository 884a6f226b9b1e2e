// The plugin's own tests use the exported helpers adopters get.
export {
  captureOutput,
  integrationBody,
  integrationsTestConfig as testConfig,
  startIntegrationsBackend,
  TEST_KEY,
  TEST_TYPES,
  userHeader,
} from '../testUtils';
