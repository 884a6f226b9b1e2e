import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ExportedIntegration,
  ExportIntegrationsQuery,
  exportQuerySchema,
  IntegrationExport,
  integrationReadPermission,
  LIMITS,
  parseInput,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { expiryFilterOf } from '../store/expiryFilter';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { DisplayRecord } from '../store/types';
import { unusedCutoff } from '../usage/unused';
import { IntegrationsAuthorizer } from '../permissions/authorization';

/** Integrations read per statement while exporting. */
const EXPORT_PAGE = 500;

/** What an export shows of an integration: names, refs, keys and dates; never a value. */
function toExported(record: DisplayRecord): ExportedIntegration {
  return {
    name: record.name,
    type: record.type,
    owner: record.owner,
    description: record.description,
    urls: record.urls.map(u => ({ url: u.url, label: u.label })),
    projects: record.projects.map(p => p.entityRef),
    credentials: record.credentials.map(c => ({
      key: c.key,
      rotatedAt: c.rotatedAt.toISOString(),
      expiresAt: c.expiresAt?.toISOString(),
      ...(c.writeOnly ? { writeOnly: true } : {}),
    })),
    healthStatus: record.health?.status,
    lastUsedAt: record.lastUse?.lastUsedAt.toISOString(),
  };
}

/**
 * The list as a file: the same filters and the same permission filter in SQL,
 * read page by page through the store up to LIMITS.exportRows.
 */
export class IntegrationExports {
  constructor(
    private readonly options: {
      store: IntegrationsStore;
      authorizer: IntegrationsAuthorizer;
      unusedAfterDays: number;
    },
  ) {}

  async export(
    rawQuery: ExportIntegrationsQuery,
    credentials: BackstageCredentials,
    pageSize = EXPORT_PAGE,
  ): Promise<IntegrationExport> {
    const { store, authorizer, unusedAfterDays } = this.options;
    const query = parseInput(exportQuerySchema, rawQuery);
    const now = new Date();
    const exported = { exportedAt: now.toISOString(), truncated: false };
    const access = await authorizer.listAccess(
      integrationReadPermission,
      credentials,
    );
    if (access.kind === 'none') return { ...exported, items: [] };
    const items: ExportedIntegration[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({
        types: query.type,
        q: query.q?.trim() || undefined,
        project: query.project,
        health: query.health,
        unused: query.unused ? unusedCutoff(now, unusedAfterDays) : undefined,
        expiry: expiryFilterOf(query, now),
        cursor,
        // One more than fits tells whether the export is cut short.
        limit: Math.min(pageSize, LIMITS.exportRows + 1 - items.length),
        filter: access.kind === 'filtered' ? access.filter : undefined,
      });
      items.push(...page.items.map(toExported));
      cursor = page.nextCursor;
    } while (cursor && items.length <= LIMITS.exportRows);
    if (items.length > LIMITS.exportRows) {
      items.length = LIMITS.exportRows;
      exported.truncated = true;
    }
    return { ...exported, items };
  }
}
