import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ExportIntegrationsQuery,
  ImportInput,
  ImportPreview,
  ImportResult,
  Integration,
  IntegrationEvent,
  IntegrationExport,
  IntegrationInput,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  ListIntegrationsQuery,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { CredentialOpener } from '../crypto/CredentialOpener';
import { ChangeListener } from './changes';
import { HistoryStore } from '../store/HistoryStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { IntegrationRecord } from '../store/types';
import { IntegrationsAuthorizer } from '../permissions/authorization';
import { IntegrationGate } from '../permissions/IntegrationGate';
import { IntegrationExports } from './IntegrationExports';
import { IntegrationImport } from './IntegrationImport';
import { IntegrationReads } from './IntegrationReads';
import { IntegrationWrites } from './IntegrationWrites';

interface IntegrationsServiceOptions {
  store: IntegrationsStore;
  history: HistoryStore;
  opener: CredentialOpener;
  types: IntegrationType[];
  /** List filters and create/assign decisions. */
  authorizer: IntegrationsAuthorizer;
  /** Loads one integration and decides one permission on it. */
  gate: IntegrationGate;
  /** Told of each committed change (ids and keys only). */
  changes?: ChangeListener;
  /** `integrationsHub.usage.unusedAfterDays`, for `unused=true` lists. Default: 30. */
  unusedAfterDays?: number;
}

/**
 * The integrations themselves, as the router and the other services see them:
 * reads (IntegrationReads.ts) and writes (IntegrationWrites.ts) behind the
 * gate and the authorizer that every service shares.
 */
export class IntegrationsService {
  private readonly reads: IntegrationReads;
  private readonly writes: IntegrationWrites;
  private readonly imports: IntegrationImport;
  private readonly exports: IntegrationExports;

  constructor(options: IntegrationsServiceOptions) {
    const types = new Map(options.types.map(t => [t.id, t]));
    this.reads = new IntegrationReads({
      store: options.store,
      history: options.history,
      types,
      authorizer: options.authorizer,
      gate: options.gate,
      unusedAfterDays: options.unusedAfterDays ?? 30,
    });
    this.writes = new IntegrationWrites({
      store: options.store,
      opener: options.opener,
      types,
      authorizer: options.authorizer,
      gate: options.gate,
      changes: options.changes,
      reads: this.reads,
    });
    this.imports = new IntegrationImport({
      store: options.store,
      types,
      authorizer: options.authorizer,
      sealFor: id => this.writes.sealFor(id),
      changes: options.changes,
    });
    this.exports = new IntegrationExports({
      store: options.store,
      authorizer: options.authorizer,
      unusedAfterDays: options.unusedAfterDays ?? 30,
    });
  }

  listIntegrationTypes(): IntegrationType[] {
    return this.reads.listTypes();
  }

  present(record: IntegrationRecord): Integration {
    return this.reads.present(record);
  }

  listIntegrations(
    query: ListIntegrationsQuery,
    credentials: BackstageCredentials,
    /** Aborted when the client goes away: the query stops in the database. */
    signal?: AbortSignal,
  ): Promise<IntegrationList> {
    return this.reads.list(query, credentials, signal);
  }

  getIntegration(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    return this.reads.get(id, credentials);
  }

  listIntegrationEvents(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ items: IntegrationEvent[] }> {
    return this.reads.events(id, credentials);
  }

  createIntegration(
    input: IntegrationInput,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    return this.writes.create(input, credentials);
  }

  /** The updated integration, and what changed (keys and refs only) for the audit record. */
  updateIntegration(
    id: string,
    input: IntegrationUpdate,
    credentials: BackstageCredentials,
  ) {
    return this.writes.updateWithSummary(id, input, credentials);
  }

  deleteIntegration(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.writes.delete(id, credentials);
  }

  /** Many creates, all or nothing; with dryRun only the per-row preview. */
  importIntegrations(
    body: ImportInput,
    options: { dryRun: boolean },
    credentials: BackstageCredentials,
  ): Promise<ImportPreview | ImportResult> {
    return this.imports.import(body, options.dryRun, credentials);
  }

  /** The integrations the caller may read under the list's filters, never a value. */
  exportIntegrations(
    query: ExportIntegrationsQuery,
    credentials: BackstageCredentials,
  ): Promise<IntegrationExport> {
    return this.exports.export(query, credentials);
  }
}
