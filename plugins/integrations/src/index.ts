/**
 * Frontend of the Integrations plugin (legacy frontend system; see `./alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  integrationsPlugin,
  IntegrationsPage,
  EntityIntegrationsContent,
  EntityIntegrationsCard,
} from './plugin';
export { integrationsApiRef } from './api/IntegrationsApi';
export type {
  ExportFormat,
  IntegrationFilters,
  IntegrationsApi,
} from './api/IntegrationsApi';
export { IntegrationsClient } from './api/IntegrationsClient';
export { integrationRouteRef, rootRouteRef } from './routes';
export { IntegrationsIcon } from './components/IntegrationsIcon';
export { IntegrationSearchResultListItem } from './components/IntegrationSearchResultListItem';
export type {
  IntegrationSearchDocument,
  IntegrationSearchResultListItemProps,
} from './components/IntegrationSearchResultListItem';
