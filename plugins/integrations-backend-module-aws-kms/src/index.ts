/**
 * AWS KMS key provider for the Integrations backend.
 *
 * @packageDocumentation
 */
export { integrationsModuleAwsKmsKeys as default } from './module';
