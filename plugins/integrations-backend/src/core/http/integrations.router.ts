import { IntegrationsService } from '../integrations/IntegrationsService';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** Types, list, create, get, update, delete and history of integrations. */
export function bindIntegrationEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  integrations: IntegrationsService,
) {
  router.get('/types', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: integrations.listIntegrationTypes() });
  });

  router.get('/integrations', async (req, res) => {
    // Services too (e.g. the search collator): the read permission filters what they see.
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // A client that went away (a stale keystroke) stops its query in the database.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    res.json(
      await integrations.listIntegrations(req.query, credentials, gone.signal),
    );
  });

  router.post('/integrations', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const created = await audited(
      auditor,
      req,
      { eventId: 'create-integration' },
      () => integrations.createIntegration(req.body, credentials),
      integration => ({
        integrationId: integration.id,
        writeOnly: integration.credentials
          .filter(c => c.writeOnly)
          .map(c => c.key),
      }),
    );
    res.status(201).json(created);
  });

  router.get('/integrations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await integrations.getIntegration(req.params.id, credentials));
  });

  router.put('/integrations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { integration } = await audited(
      auditor,
      req,
      { eventId: 'update-integration', meta: { integrationId: req.params.id } },
      () =>
        integrations.updateIntegration(req.params.id, req.body, credentials),
      ({ summary }) => ({ integrationId: req.params.id, ...summary }),
    );
    res.json(integration);
  });

  router.delete('/integrations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await audited(
      auditor,
      req,
      { eventId: 'delete-integration', meta: { integrationId: req.params.id } },
      () => integrations.deleteIntegration(req.params.id, credentials),
    );
    res.status(204).end();
  });

  router.get('/integrations/:id/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await integrations.listIntegrationEvents(req.params.id, credentials),
    );
  });
}
