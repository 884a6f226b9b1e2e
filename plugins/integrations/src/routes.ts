import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Integrations page. */
export const rootRouteRef = createRouteRef({ id: 'integrations' });

/** One integration: the page with its edit drawer open (the deep link). */
export const integrationRouteRef = createSubRouteRef({
  id: 'integrations/integration',
  parent: rootRouteRef,
  path: '/:id',
});
