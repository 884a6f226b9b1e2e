import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Sign-in for several catalog users in one run (stands in for an authenticating proxy).
backend.add(import('./headerSignIn'));
backend.add(import('@backstage/plugin-catalog-backend'));
// The Integrations packages, as the README tells an adopter to add them; the second
// run of the consumer test has the community RBAC plugin (itself the permission
// plugin) decide instead of our module.
if (process.env.CONSUMER_POLICY === 'rbac') {
  backend.add(import('@backstage-community/plugin-rbac-backend'));
} else {
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import(
      '@integrations-hub/backstage-plugin-permission-backend-module-integrations-rights'
    ),
  );
}
backend.add(import('@integrations-hub/backstage-plugin-integrations-backend'));
// The adopter's own plugin that resolves credentials through the -node client.
backend.add(import('./resolverPlugin'));

backend.start();
