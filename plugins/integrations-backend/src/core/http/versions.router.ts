import { CredentialVersions } from '../versions/CredentialVersions';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** Credential versions (metadata only) and rollback. */
export function bindVersionEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  versions: CredentialVersions,
) {
  router.get('/integrations/:id/versions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await versions.listCredentialVersions(req.params.id, credentials));
  });

  router.post(
    '/integrations/:id/credentials/:key/rollback',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { id, key } = req.params;
      res.json(
        await audited(
          auditor,
          req,
          {
            eventId: 'rollback-credential',
            severityLevel: 'high',
            meta: { integrationId: id, key },
          },
          () => versions.rollbackCredential(id, key, req.body, credentials),
          restored => ({
            integrationId: id,
            key,
            version: restored.version,
            restoredVersion: req.body.version,
          }),
        ),
      );
    },
  );
}
