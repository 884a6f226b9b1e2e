import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));
backend.add(import('@internal/plugin-integrations-backend'));
// How another plugin uses integrations at run time: GET /api/integrations-example/status
backend.add(import('./modules/exampleResolver'));

backend.start();
