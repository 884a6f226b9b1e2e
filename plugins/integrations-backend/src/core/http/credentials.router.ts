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
        eventId: 'credential-reveal',
        severityLevel: 'high',
        meta: { integrationId: id, key },
      },
      () => credentialAccess.reveal(id, key, credentials),
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
        eventId: 'credential-use',
        severityLevel: 'high',
        meta: { project: req.query.project },
      },
      () => credentialAccess.resolve(req.query, credentials),
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
