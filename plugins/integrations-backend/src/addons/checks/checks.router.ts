import { auditedResults, CheckService } from './CheckService';
import { audited } from '../../core/http/audited';
import { EndpointDeps, IntegrationsApiRouter } from '../../core/http/types';

/** "Test connection" (saved or draft), check history and per-integration definitions. */
export function bindCheckEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  checks: CheckService,
) {
  router.post('/integrations/:id/check', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = req.params;
    const run = await audited(
      auditor,
      req,
      { eventId: 'check-integration-connection', meta: { integrationId: id } },
      () => checks.checkIntegrationConnection(id, credentials),
      ({ status, results }) => ({
        integrationId: id,
        status,
        results: auditedResults(results),
      }),
    );
    res.set('Cache-Control', 'no-store');
    res.json(run);
  });

  router.post('/checks/test', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const run = await audited(
      auditor,
      req,
      // The draft's values are never put into the event: its type and saved id only.
      {
        eventId: 'test-connection-draft',
        meta: {
          type: req.body.type,
          ...(req.body.integrationId
            ? { integrationId: req.body.integrationId }
            : {}),
        },
      },
      () => checks.testConnectionDraft(req.body, credentials),
      ({ status, results }) => ({ status, results: auditedResults(results) }),
    );
    res.set('Cache-Control', 'no-store');
    res.json(run);
  });

  router.get('/integrations/:id/checks', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await checks.getConnectionChecks(req.params.id, credentials));
  });

  router.put('/integrations/:id/check-definition', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        {
          eventId: 'set-check-definition',
          meta: { integrationId: id },
        },
        () => checks.setCheckDefinition(id, req.body, credentials),
      ),
    );
  });

  router.delete('/integrations/:id/check-definition', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        {
          eventId: 'reset-check-definition',
          meta: { integrationId: id },
        },
        () => checks.resetCheckDefinition(id, credentials),
      ),
    );
  });
}
