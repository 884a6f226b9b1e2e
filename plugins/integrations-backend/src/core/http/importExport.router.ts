import { IntegrationsService } from '../integrations/IntegrationsService';
import { toCsv } from '../integrations/exportCsv';
import { audited } from './audited';
import { EndpointDeps, IntegrationsApiRouter } from './types';

/** Body limit of POST /integrations/import: 1,000 rows with their URLs and credentials. */
export const IMPORT_BODY_LIMIT = '16mb';

/**
 * Import and export of integrations. Bound before `/integrations/:id`, so
 * `import` and `export` are never taken for an id.
 */
export function bindImportExportEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth, auditor }: EndpointDeps,
  integrations: IntegrationsService,
) {
  router.post('/integrations/import', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const dryRun = String(req.query.dryRun) === 'true';
    const result = await audited(
      auditor,
      req,
      {
        eventId: 'import-integrations',
        meta: { dryRun, rows: req.body.integrations.length },
      },
      () => integrations.importIntegrations(req.body, { dryRun }, credentials),
      answer => ('created' in answer ? { created: answer.created.length } : {}),
    );
    res.status('created' in result ? 201 : 200).json(result);
  });

  router.get('/integrations/export', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const format = req.query.format ?? 'json';
    const exported = await audited(
      auditor,
      req,
      {
        eventId: 'export-integrations',
        severityLevel: 'low',
        meta: { format },
      },
      () => integrations.exportIntegrations(req.query, credentials),
      ({ items, truncated }) => ({ count: items.length, truncated }),
    );
    const day = exported.exportedAt.slice(0, 10);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="integrations-${day}.${format}"`,
    );
    res.setHeader('X-Export-Truncated', String(exported.truncated));
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').send(toCsv(exported.items));
    } else {
      res.json(exported);
    }
  });
}
