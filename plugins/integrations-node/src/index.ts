/**
 * For backend plugins that use integrations at run time.
 *
 * @packageDocumentation
 */
export { integrationsServiceRef } from './serviceRef';
export { IntegrationsClient } from './IntegrationsClient';
export type { IntegrationsService } from './IntegrationsClient';
export type {
  ResolveQuery,
  ResolveResult,
  ResolvedIntegration,
} from '@integrations-hub/backstage-plugin-integrations-common';
