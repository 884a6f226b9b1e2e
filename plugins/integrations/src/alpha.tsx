import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import ExtensionIcon from '@material-ui/icons/Extension';
import { integrationsApiRef } from './api/IntegrationsApi';
import { IntegrationsClient } from './api/IntegrationsClient';
import { integrationRouteRef, rootRouteRef } from './routes';

const integrationsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: integrationsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new IntegrationsClient(deps),
    }),
});

const integrationsPage = PageBlueprint.make({
  params: {
    path: '/integrations',
    title: 'Integrations',
    icon: <ExtensionIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The page renders its own header, as in the legacy system.
    noHeader: true,
    loader: () =>
      import('./components/IntegrationsPage/IntegrationsPage').then(m => (
        <m.IntegrationsPage />
      )),
  },
});

const entityIntegrationsContent = EntityContentBlueprint.make({
  params: {
    path: 'integrations',
    title: 'Integrations',
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
    icon: <ExtensionIcon />,
    predicate: result => result.type === 'integration',
    component: () =>
      import(
        './components/IntegrationSearchResultListItem/IntegrationSearchResultListItem'
      ).then(m => m.IntegrationSearchResultListItem),
  },
});

/** The Integrations plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'integrations',
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
