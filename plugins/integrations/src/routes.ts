import { createRouteRef } from '@backstage/core-plugin-api';

/** The Integrations page; `/<id>` below it opens that integration's drawer. */
export const rootRouteRef = createRouteRef({ id: 'integrations' });
