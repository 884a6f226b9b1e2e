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
// Data keys wrapped in an HSM (integrationsHub.encryption.pkcs11), when asked for: the
// module needs that config, which the example portal does not carry by default.
if (process.env.INTEGRATIONS_KEYS_PKCS11 === '1') {
  backend.add(
    import(
      '@integrations-hub/backstage-plugin-integrations-backend-module-pkcs11'
    ),
  );
}
// Owners hear about due/expired credentials and rollbacks in the portal's inbox.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// Software templates with integrations:assign / integrations:create.
backend.add(import('@backstage/plugin-scaffolder-backend'));
// Lets the catalog read Template entities (examples/template-*.yaml).
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(
  import(
    '@integrations-hub/backstage-plugin-scaffolder-backend-module-integrations'
  ),
);
// The example portal's stand-in for a git host, used by examples/template-service-with-integrations.yaml.
backend.add(import('./modules/examplePublish'));
// Search (Lunr, in memory) with integration metadata, filtered by the read permission.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(
  import(
    '@integrations-hub/backstage-plugin-search-backend-module-integrations'
  ),
);
// How another plugin uses integrations at run time: GET /api/integrations-example/status
backend.add(import('./modules/exampleResolver'));
// Demo integrations for `npm start` (integrationsDemo.seed); never in a production build.
if (process.env.NODE_ENV === 'development') {
  backend.add(import('./modules/demoData'));
}

backend.start();
