import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
// The Integrations rights (manageAll / manageOwn) in place of the allow-all policy.
backend.add(
  import(
    '@integrations-hub/backstage-plugin-permission-backend-module-integrations-rights'
  ),
);
backend.add(import('@integrations-hub/backstage-plugin-integrations-backend'));
// How another plugin uses integrations at run time: GET /api/integrations-example/status
backend.add(import('./modules/exampleResolver'));

backend.start();
