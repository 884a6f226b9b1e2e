import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Integration,
  IntegrationEvent,
  IntegrationList,
  integrationReadPermission,
  IntegrationType,
  ListIntegrationsQuery,
  listQuerySchema,
  parseInput,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { HistoryStore } from '../store/HistoryStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { expiryFilterOf } from '../store/expiryFilter';
import { QueryAbortedError } from '../store/QueryGuard';
import { DisplayRecord, IntegrationRecord } from '../store/types';
import { unusedCutoff } from '../usage/unused';
import { IntegrationsAuthorizer } from '../permissions/authorization';
import { IntegrationGate } from '../permissions/IntegrationGate';
import { toIntegration, withActivity } from './presenters';

/** What a caller may see: types, the permission-filtered list, one integration and its history. */
export class IntegrationReads {
  constructor(
    private readonly options: {
      store: IntegrationsStore;
      history: HistoryStore;
      types: Map<string, IntegrationType>;
      authorizer: IntegrationsAuthorizer;
      gate: IntegrationGate;
      /** `integrationsHub.usage.unusedAfterDays`, for `unused=true` lists. */
      unusedAfterDays: number;
    },
  ) {}

  listTypes(): IntegrationType[] {
    return [...this.options.types.values()];
  }

  present(record: IntegrationRecord): Integration {
    return toIntegration(record, this.options.types);
  }

  /** As a page or a single read shows it: with health, last use and the unused mark. */
  private display(record: DisplayRecord, now: Date): Integration {
    return withActivity(
      toIntegration(record, this.options.types, now),
      record,
      record.createdAt,
      unusedCutoff(now, this.options.unusedAfterDays),
    );
  }

  async list(
    rawQuery: ListIntegrationsQuery,
    credentials: BackstageCredentials,
    /** Aborted when the client goes away: the query stops in the database. */
    signal?: AbortSignal,
  ): Promise<IntegrationList> {
    const { store, authorizer, unusedAfterDays } = this.options;
    const query = parseInput(listQuerySchema, rawQuery);
    const limit = query.limit ?? 50;
    const access = await authorizer.listAccess(
      integrationReadPermission,
      credentials,
    );
    if (access.kind === 'none') {
      return {
        items: [],
        totalCount: 0,
        typeCounts: {},
        limit,
        access: 'none',
      };
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
          expiry: expiryFilterOf(query, new Date()),
          cursor: query.cursor,
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
    const now = new Date();
    return {
      ...page,
      items: page.items.map(r => this.display(r, now)),
      limit,
      access: access.kind,
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    const record = await this.options.gate.loadForDisplay(id, credentials);
    return this.display(record, new Date());
  }

  async events(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ items: IntegrationEvent[] }> {
    await this.options.gate.load(id, credentials);
    return { items: await this.options.history.listEvents(id) };
  }
}
