import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { integrationsApiRef } from './api/IntegrationsApi';
import { IntegrationsClient } from './api/IntegrationsClient';
import { IntegrationsIcon } from './components/IntegrationsIcon';
import { integrationRouteRef, rootRouteRef } from './routes';
import { integrationsTranslationRef } from './translation';

export { integrationsTranslationRef } from './translation';
export { IntegrationsIcon } from './components/IntegrationsIcon';

const integrationsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: integrationsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: deps => new IntegrationsClient(deps),
    }),
});

/** The page; the framework draws its header (title and icon) and the nav item. */
const integrationsPage = PageBlueprint.make({
  params: {
    path: '/integrations',
    title: integrationsTranslationRef('page.title'),
    icon: <IntegrationsIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/IntegrationsPage/IntegrationsPage').then(m => (
        // The page's drawer routes are React Router v6: say so instead of relying on implicit routing.
        <ReactRouterV6PageRouter>
          <m.IntegrationsPageContent />
        </ReactRouterV6PageRouter>
      )),
  },
});

const entityIntegrationsContent = EntityContentBlueprint.make({
  params: {
    path: 'integrations',
    title: integrationsTranslationRef('entity.tabTitle'),
    icon: <IntegrationsIcon />,
    loader: () =>
      import(
        './components/EntityIntegrationsContent/EntityIntegrationsContent'
      ).then(m => <m.EntityIntegrationsContent />),
  },
});

const entityIntegrationsCard = EntityCardBlueprint.make({
  params: {
    type: 'content',
    loader: () =>
      import(
        './components/EntityIntegrationsContent/EntityIntegrationsContent'
      ).then(m => <m.EntityIntegrationsCard />),
  },
});

/** Integration results in the search page, linking to their deep links. */
const integrationSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    icon: <IntegrationsIcon />,
    predicate: result => result.type === 'integration',
    component: () =>
      import(
        './components/IntegrationSearchResultListItem/IntegrationSearchResultListItem'
      ).then(m => m.IntegrationSearchResultListItem),
  },
});

/**
 * The Integrations plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'integrations',
  title: 'Integrations',
  icon: <IntegrationsIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    integration: convertLegacyRouteRef(integrationRouteRef),
  },
  extensions: [
    integrationsApi,
    integrationsPage,
    entityIntegrationsContent,
    entityIntegrationsCard,
    integrationSearchResultListItem,
  ],
});
