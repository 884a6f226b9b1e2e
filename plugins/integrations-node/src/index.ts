/**
 * For backend plugins that use integrations at run time.
 *
 * @packageDocumentation
 */
export { integrationsServiceRef } from './serviceRef';
export { IntegrationsNodeClient } from './IntegrationsNodeClient';
export {
  integrationsKeyProvidersExtensionPoint,
  IntegrationsKeyRejectedError,
} from './keyProviders';
export type {
  IntegrationsKeyContext,
  IntegrationsKeyProvider,
  IntegrationsKeyProvidersExtensionPoint,
  IntegrationsWrappedKey,
} from './keyProviders';
export type {
  IntegrationsCallOptions,
  IntegrationsNodeService,
  IntegrationsProxyRequest,
} from './IntegrationsNodeService';
export type {
  ResolveQuery,
  ResolveResult,
  ResolvedIntegration,
  RevealedCredential,
  UnresolvedIntegration,
} from '@integrations-hub/backstage-plugin-integrations-common';
