import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { integrationsServiceRef } from '@integrations-hub/backstage-plugin-integrations-node';
import Router from 'express-promise-router';

/**
 * An adopter's own plugin using integrations at run time through the -node client:
 * GET /api/consumer-resolver/keys?project=<entityRef> resolves that project's
 * credentials and answers with their keys only, never the values.
 */
export default createBackendPlugin({
  pluginId: 'consumer-resolver',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        integrations: integrationsServiceRef,
      },
      async init({ httpRouter, integrations }) {
        const router = Router();
        router.get('/keys', async (req, res) => {
          const result = await integrations.resolveCredentials({
            project: String(req.query.project),
          });
          res.json({
            integrations: result.integrations.map(i => ({
              name: i.name,
              credentialKeys: Object.keys(i.credentials),
            })),
          });
        });
        httpRouter.use(router);
      },
    });
  },
});
