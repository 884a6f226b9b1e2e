import { IntegrationUsageService } from '../usage/IntegrationUsageService';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** "Used by": who resolved an integration's credentials. */
export function bindUsageEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth }: EndpointDeps,
  usage: IntegrationUsageService,
) {
  router.get('/integrations/:id/usage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await usage.getIntegrationUsage(req.params.id, credentials));
  });
}
