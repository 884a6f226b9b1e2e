import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { integrationsServiceRef } from '@integrations-hub/backstage-plugin-integrations-node';
import Router from 'express-promise-router';

/**
 * An example of another plugin using integrations at run time: it resolves the
 * credentials of its project on every request and reports which keys it got,
 * never the values. A real plugin would call the provider with them instead.
 */
export default createBackendPlugin({
  pluginId: 'integrations-example',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        integrations: integrationsServiceRef,
      },
      async init({ config, httpRouter, integrations }) {
        const project =
          config.getOptionalString('integrationsExample.project') ??
          'component:default/checkout';
        const router = Router();
        router.get('/status', async (_req, res) => {
          const result = await integrations.resolveCredentials({ project });
          res.json({
            project,
            integrations: result.integrations.map(i => ({
              name: i.name,
              type: i.type,
              credentialKeys: Object.keys(i.credentials),
            })),
          });
        });
        httpRouter.use(router);
      },
    });
  },
});
