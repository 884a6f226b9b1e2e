import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import { CheckService } from '../checks/CheckService';
import { IntegrationsService } from '../service/IntegrationsService';
import { IntegrationUsageService } from '../service/usage';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** Types, list, create, get, update, delete and history of integrations. */
export function bindIntegrationEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  integrations: IntegrationsService,
  extras: {
    /** Adds each integration's connection health, when checks are wired. */
    checks?: Pick<CheckService, 'withHealth'>;
    /** Adds each integration's last use and the unused mark. */
    usage?: Pick<IntegrationUsageService, 'withLastUse'>;
  } = {},
) {
  const { checks, usage } = extras;
  // One query per addition for the whole page, both at once.
  const decorate = async (items: Integration[]) => {
    const [healthy, used] = await Promise.all([
      checks ? checks.withHealth(items) : items,
      usage ? usage.withLastUse(items) : items,
    ]);
    return healthy.map((item, index) => ({ ...used[index], ...item }));
  };

  router.get('/types', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: integrations.listTypes() });
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
    const page = await integrations.list(req.query, credentials, gone.signal);
    res.json({ ...page, items: await decorate(page.items) });
  });

  router.post('/integrations', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const created = await audited(
      auditor,
      req,
      { eventId: 'integration-create' },
      () => integrations.create(req.body, credentials),
      integration => ({ integrationId: integration.id }),
    );
    res.status(201).json(created);
  });

  router.get('/integrations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const integration = await integrations.get(req.params.id, credentials);
    res.json((await decorate([integration]))[0]);
  });

  router.put('/integrations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { integration } = await audited(
      auditor,
      req,
      { eventId: 'integration-update', meta: { integrationId: req.params.id } },
      () =>
        integrations.updateWithSummary(req.params.id, req.body, credentials),
      ({ summary }) => ({ integrationId: req.params.id, ...summary }),
    );
    res.json(integration);
  });

  router.delete('/integrations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await audited(
      auditor,
      req,
      { eventId: 'integration-delete', meta: { integrationId: req.params.id } },
      () => integrations.delete(req.params.id, credentials),
    );
    res.status(204).end();
  });

  router.get('/integrations/:id/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await integrations.events(req.params.id, credentials));
  });
}
