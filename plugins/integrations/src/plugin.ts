import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from './api/IntegrationsApi';
import { IntegrationsClient } from './api/IntegrationsClient';
import { integrationRouteRef, rootRouteRef } from './routes';

/**
 * The Integrations plugin for the legacy frontend system.
 *
 * @public
 */
export const integrationsPlugin = createPlugin({
  id: 'integrations',
  routes: { root: rootRouteRef, integration: integrationRouteRef },
  apis: [
    createApiFactory({
      api: integrationsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: deps => new IntegrationsClient(deps),
    }),
  ],
});

/**
 * Mount at `/integrations`; `/integrations/<id>` opens that integration. Draws
 * its own header, as legacy apps have no framework page header.
 *
 * @public
 */
export const IntegrationsPage: () => JSX.Element = integrationsPlugin.provide(
  createRoutableExtension({
    name: 'IntegrationsPage',
    component: () =>
      import('./components/IntegrationsPage/LegacyIntegrationsPage').then(
        m => m.IntegrationsPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** @public */
export const EntityIntegrationsContent: () => JSX.Element =
  integrationsPlugin.provide(
    createComponentExtension({
      name: 'EntityIntegrationsContent',
      component: {
        lazy: () =>
          import(
            './components/EntityIntegrationsContent/EntityIntegrationsContent'
          ).then(m => m.EntityIntegrationsContent),
      },
    }),
  );

/** @public */
export const EntityIntegrationsCard: () => JSX.Element =
  integrationsPlugin.provide(
    createComponentExtension({
      name: 'EntityIntegrationsCard',
      component: {
        lazy: () =>
          import(
            './components/EntityIntegrationsContent/EntityIntegrationsContent'
          ).then(m => m.EntityIntegrationsCard),
      },
    }),
  );
