import { CredentialAccess } from '../credentials/CredentialAccess';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** Reveal (people) and resolve (services): the only responses that carry values. */
export function bindCredentialEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  credentialAccess: CredentialAccess,
) {
  router.post('/integrations/:id/credentials/:key/reveal', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id, key } = req.params;
    const revealed = await audited(
      auditor,
      req,
      {
        eventId: 'reveal-credential',
        severityLevel: 'high',
        meta: { integrationId: id, key },
      },
      () => credentialAccess.revealCredential(id, key, credentials),
    );
    res.set('Cache-Control', 'no-store');
    res.json(revealed);
  });

  router.get('/resolve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const result = await audited(
      auditor,
      req,
      {
        eventId: 'resolve-credentials',
        severityLevel: 'high',
        meta: { project: req.query.project },
      },
      () => credentialAccess.resolveCredentials(req.query, credentials),
      ({ project, integrations, failed }) => ({
        project,
        integrationIds: integrations.map(i => i.id),
        // Which integrations could not be opened, and why; never a value.
        failed: failed.map(f => ({ id: f.id, key: f.key, reason: f.reason })),
      }),
    );
    res.set('Cache-Control', 'no-store');
    res.json(result);
  });
}
