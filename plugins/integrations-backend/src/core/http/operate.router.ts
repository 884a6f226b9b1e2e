import { ProjectAssignments } from '../assignments/ProjectAssignments';
import { IntegrationUsageService } from '../usage/IntegrationUsageService';
import { CredentialVersions } from '../versions/CredentialVersions';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

export interface OperateServices {
  assignments: ProjectAssignments;
  versions: CredentialVersions;
  usage: IntegrationUsageService;
}

/** Pause/resume of project assignments, credential versions and rollback, "used by". */
export function bindOperateEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  { assignments, versions, usage }: OperateServices,
) {
  router.post('/integrations/:id/projects/:project/pause', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id, project } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        { eventId: 'project-pause', meta: { integrationId: id, project } },
        () => assignments.pause(id, project, req.body ?? {}, credentials),
      ),
    );
  });

  router.post(
    '/integrations/:id/projects/:project/resume',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { id, project } = req.params;
      res.json(
        await audited(
          auditor,
          req,
          { eventId: 'project-resume', meta: { integrationId: id, project } },
          () => assignments.resume(id, project, credentials),
        ),
      );
    },
  );

  router.get('/integrations/:id/versions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await versions.list(req.params.id, credentials));
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
            eventId: 'credential-rollback',
            severityLevel: 'high',
            meta: { integrationId: id, key },
          },
          () => versions.rollback(id, key, req.body, credentials),
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

  router.get('/integrations/:id/usage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await usage.usedBy(req.params.id, credentials));
  });
}
