import { ProjectAssignments } from '../assignments/ProjectAssignments';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** Pause and resume of project assignments. */
export function bindAssignmentEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  assignments: ProjectAssignments,
) {
  router.post('/integrations/:id/projects/:project/pause', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id, project } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        {
          eventId: 'pause-project-assignment',
          meta: { integrationId: id, project },
        },
        () =>
          assignments.pauseProjectAssignment(
            id,
            project,
            req.body ?? {},
            credentials,
          ),
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
          {
            eventId: 'resume-project-assignment',
            meta: { integrationId: id, project },
          },
          () => assignments.resumeProjectAssignment(id, project, credentials),
        ),
      );
    },
  );
}
