import { Readable } from 'node:stream';
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  Integration,
  IntegrationList,
  integrationReadPermission,
  ListIntegrationsQuery,
} from '@integrations-hub/backstage-plugin-integrations-common';

/**
 * The search document type of integrations (the `types` filter of a search query).
 *
 * @public
 */
export const INTEGRATION_DOCUMENT_TYPE = 'integration';

/**
 * An integration in the search index: metadata only, never a credential value.
 *
 * @public
 */
export interface IntegrationDocument extends IndexableDocument {
  integrationId: string;
  integrationType: string;
  owner: string;
  projects: string[];
  /** Host names of the integration's URLs (paths and queries are left out). */
  urlHosts: string[];
  credentialKeys: string[];
  authorization: { resourceRef: string };
}

/**
 * Where the collator reads integrations from: the Integrations API, as the search plugin.
 *
 * @public
 */
export interface IntegrationsSource {
  listIntegrations(
    query: ListIntegrationsQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<IntegrationList>;
}

const PAGE_SIZE = 200;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies known metadata fields one by one, so nothing else can enter the index.
 *
 * @public
 */
export function toIntegrationDocument(
  integration: Integration,
): IntegrationDocument {
  const urlHosts = [
    ...new Set(integration.urls.map(u => hostOf(u.url)).filter(Boolean)),
  ] as string[];
  const credentialKeys = integration.credentials.map(c => c.key);
  return {
    title: integration.name,
    // The text searched and shown under the title.
    text: [
      integration.description,
      urlHosts.join(' '),
      credentialKeys.join(' '),
    ]
      .filter(Boolean)
      .join(' · '),
    location: `/integrations/${encodeURIComponent(integration.id)}`,
    integrationId: integration.id,
    integrationType: integration.type,
    owner: integration.owner,
    projects: integration.assignments.map(a => a.entityRef),
    urlHosts,
    credentialKeys,
    // The search backend asks the Integrations read permission for this record per result.
    authorization: { resourceRef: integration.id },
  };
}

/**
 * Collates every integration for Backstage search. It lists them as the search
 * plugin (a service principal); results are filtered per user afterwards by
 * `visibilityPermission` and each document's `authorization.resourceRef`.
 *
 * @public
 */
export class IntegrationsCollatorFactory implements DocumentCollatorFactory {
  readonly type = INTEGRATION_DOCUMENT_TYPE;
  readonly visibilityPermission = integrationReadPermission;

  constructor(
    private readonly options: { auth: AuthService; source: IntegrationsSource },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<IntegrationDocument> {
    const { auth, source } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    let cursor: string | undefined;
    do {
      const page = await source.listIntegrations(
        { cursor, limit: PAGE_SIZE },
        { credentials },
      );
      for (const integration of page.items)
        yield toIntegrationDocument(integration);
      cursor = page.nextCursor;
    } while (cursor);
  }
}
