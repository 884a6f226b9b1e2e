import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CheckDefinition,
  ConnectionCheckDraft,
  ConnectionCheckRun,
  ConnectionChecks,
  CredentialVersion,
  Integration,
  IntegrationEvent,
  ImportPreview,
  ImportResult,
  IntegrationInput,
  IntegrationList,
  IntegrationsApiClient,
  IntegrationType,
  IntegrationUpdate,
  ListIntegrationsQuery,
  ProjectAssignment,
  RevealedCredential,
  UsageList,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  ExportFormat,
  IntegrationFilters,
  IntegrationsApi,
} from './IntegrationsApi';

/**
 * HTTP client for the Integrations backend (`/api/integrations`). The core
 * operations go through the client generated from the OpenAPI document, so
 * their shapes are written once.
 */
export class IntegrationsClient implements IntegrationsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly api: IntegrationsApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.api = new IntegrationsApiClient(options);
  }

  async getTypes(): Promise<IntegrationType[]> {
    return (await this.api.listIntegrationTypes()).items;
  }

  async listIntegrations(
    query: ListIntegrationsQuery,
    options: { signal?: AbortSignal } = {},
  ): Promise<IntegrationList> {
    const { signal } = options;
    if (!signal) return this.api.listIntegrations({ query });
    // The generated client takes no signal: this call's fetch carries it.
    return new IntegrationsApiClient({
      discoveryApi: this.discoveryApi,
      fetchApi: {
        fetch: (input, init) => this.fetchApi.fetch(input, { ...init, signal }),
      },
    }).listIntegrations({ query });
  }

  importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: true },
  ): Promise<ImportPreview>;
  importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: false },
  ): Promise<ImportResult>;
  async importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: boolean },
  ): Promise<ImportPreview | ImportResult> {
    return this.api.importIntegrations({
      query: { dryRun: options.dryRun },
      body: { integrations },
    });
  }

  /** The file as the server wrote it: CSV as its text, JSON pretty-printed again. */
  async exportIntegrations(
    format: ExportFormat,
    filters: IntegrationFilters,
  ): Promise<Blob> {
    const body = await this.api.exportIntegrations({
      query: { ...filters, format },
    });
    return format === 'csv'
      ? new Blob([String(body)], { type: 'text/csv' })
      : new Blob([JSON.stringify(body, null, 2)], {
          type: 'application/json',
        });
  }

  async getIntegration(id: string): Promise<Integration> {
    return this.api.getIntegration({ path: { id } });
  }

  async createIntegration(input: IntegrationInput): Promise<Integration> {
    return this.api.createIntegration({ body: input });
  }

  async updateIntegration(
    id: string,
    update: IntegrationUpdate,
  ): Promise<Integration> {
    return this.api.updateIntegration({ path: { id }, body: update });
  }

  async deleteIntegration(id: string): Promise<void> {
    await this.api.deleteIntegration({ path: { id } });
  }

  async revealCredential(id: string, key: string): Promise<RevealedCredential> {
    return this.api.revealCredential({ path: { id, key } });
  }

  async getEvents(id: string): Promise<IntegrationEvent[]> {
    return (await this.api.listIntegrationEvents({ path: { id } })).items;
  }

  async pauseProject(
    id: string,
    project: string,
    reason?: string,
  ): Promise<ProjectAssignment> {
    return this.request(`${this.projectPath(id, project)}/pause`, {
      method: 'POST',
      body: reason ? { reason } : {},
    });
  }

  async resumeProject(id: string, project: string): Promise<ProjectAssignment> {
    return this.request(`${this.projectPath(id, project)}/resume`, {
      method: 'POST',
      body: {},
    });
  }

  async listCredentialVersions(id: string): Promise<CredentialVersion[]> {
    return (
      await this.request<{ items: CredentialVersion[] }>(
        `/integrations/${encodeURIComponent(id)}/versions`,
      )
    ).items;
  }

  async rollbackCredential(
    id: string,
    key: string,
    version: number,
  ): Promise<CredentialVersion> {
    return this.request(
      `/integrations/${encodeURIComponent(id)}/credentials/${encodeURIComponent(
        key,
      )}/rollback`,
      { method: 'POST', body: { version } },
    );
  }

  async getUsage(id: string): Promise<UsageList> {
    return this.request(`/integrations/${encodeURIComponent(id)}/usage`);
  }

  async testConnection(id: string): Promise<ConnectionCheckRun> {
    return this.api.checkIntegrationConnection({ path: { id } });
  }

  async testConnectionDraft(
    draft: ConnectionCheckDraft,
  ): Promise<ConnectionCheckRun> {
    return this.api.testConnectionDraft({ body: draft });
  }

  async getConnectionChecks(id: string): Promise<ConnectionChecks> {
    return this.api.getConnectionChecks({ path: { id } });
  }

  async setCheckDefinition(
    id: string,
    definition: CheckDefinition,
  ): Promise<ConnectionChecks> {
    return this.api.setCheckDefinition({ path: { id }, body: { definition } });
  }

  async resetCheckDefinition(id: string): Promise<ConnectionChecks> {
    return this.api.resetCheckDefinition({ path: { id } });
  }

  private projectPath(id: string, project: string) {
    return `/integrations/${encodeURIComponent(
      id,
    )}/projects/${encodeURIComponent(project)}`;
  }

  private async request<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('integrations');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined
        ? {
            body: JSON.stringify(init.body),
            headers: { 'Content-Type': 'application/json' },
          }
        : {}),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
