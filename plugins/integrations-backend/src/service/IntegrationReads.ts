import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Integration,
  IntegrationEvent,
  IntegrationList,
  integrationReadPermission,
  IntegrationType,
  ListIntegrationsQuery,
  listQuerySchema,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { QueryAbortedError } from '../store/QueryGuard';
import { IntegrationRecord } from '../store/types';
import { unusedCutoff } from '../usage/unused';
import { IntegrationsAuthorizer, notFound } from './authorization';
import { parseInput } from './parseInput';
import { toIntegration } from './presenters';

/** What a caller may see: types, the permission-filtered list, one integration and its history. */
export class IntegrationReads {
  constructor(
    private readonly options: {
      store: IntegrationsStore;
      types: Map<string, IntegrationType>;
      authorizer: IntegrationsAuthorizer;
      /** `integrations.usage.unusedAfterDays`, for `unused=true` lists. */
      unusedAfterDays: number;
    },
  ) {}

  listTypes(): IntegrationType[] {
    return [...this.options.types.values()];
  }

  present(record: IntegrationRecord): Integration {
    return toIntegration(record, this.options.types);
  }

  async list(
    rawQuery: ListIntegrationsQuery,
    credentials: BackstageCredentials,
    /** Aborted when the client goes away: the query stops in the database. */
    signal?: AbortSignal,
  ): Promise<IntegrationList> {
    const { store, authorizer, unusedAfterDays } = this.options;
    const query = parseInput(listQuerySchema, rawQuery);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const access = await authorizer.listAccess(
      integrationReadPermission,
      credentials,
    );
    if (access.kind === 'none') {
      return { items: [], totalCount: 0, typeCounts: {}, offset, limit };
    }
    const page = await store
      .list(
        {
          types: query.type,
          q: query.q?.trim() || undefined,
          project: query.project,
          health: query.health,
          unused: query.unused
            ? unusedCutoff(new Date(), unusedAfterDays)
            : undefined,
          cursor: query.cursor,
          offset,
          limit,
          filter: access.kind === 'filtered' ? access.filter : undefined,
        },
        signal,
      )
      .catch(error => {
        // Nobody is left to answer: no error to log, an empty page to discard.
        if (signal?.aborted && error instanceof QueryAbortedError)
          return { items: [], totalCount: 0, typeCounts: {} };
        throw error;
      });
    return {
      ...page,
      items: page.items.map(r => this.present(r)),
      offset,
      limit,
    };
  }

  /** Loads a record the caller may read; 404 when it does not exist or they may not read it. */
  async getReadable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IntegrationRecord> {
    const record = await this.options.store.get(id);
    if (!record) throw notFound(id);
    await this.options.authorizer.assertReadable(
      integrationReadPermission,
      record,
      credentials,
    );
    return record;
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    return this.present(await this.getReadable(id, credentials));
  }

  async events(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ items: IntegrationEvent[] }> {
    await this.getReadable(id, credentials);
    return { items: await this.options.store.listEvents(id) };
  }
}
