import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The Integrations page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'integrations' });

/**
 * One integration: the page with its edit drawer open (the deep link).
 *
 * @public
 */
export const integrationRouteRef = createSubRouteRef({
  id: 'integrations/integration',
  parent: rootRouteRef,
  path: '/:id',
});
