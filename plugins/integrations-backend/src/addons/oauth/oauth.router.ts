import { audited } from '../../core/http/audited';
import { EndpointDeps, IntegrationsApiRouter } from '../../core/http/types';
import { OAuthSettingsService } from './OAuthSettingsService';

/** An integration's OAuth2 settings: read, and whether resolve returns the client secret. */
export function bindOAuthEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  settings: OAuthSettingsService,
) {
  router.get('/integrations/:id/oauth2', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await settings.getOAuthSettings(req.params.id, credentials));
  });

  router.put('/integrations/:id/oauth2', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        {
          eventId: 'update-oauth-settings',
          // Letting resolve hand out the client secret widens who holds it.
          severityLevel: 'medium',
          meta: {
            integrationId: id,
            clientSecretResolvable: req.body.clientSecretResolvable,
          },
        },
        () => settings.updateOAuthSettings(id, req.body, credentials),
      ),
    );
  });
}
