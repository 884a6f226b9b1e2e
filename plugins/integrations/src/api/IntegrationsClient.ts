import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CredentialVersion,
  Integration,
  IntegrationEvent,
  IntegrationInput,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  ListIntegrationsQuery,
  ProjectAssignment,
  RevealedCredential,
  UsageList,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsApi } from './IntegrationsApi';

/** HTTP client for the Integrations backend (`/api/integrations`). */
export class IntegrationsClient implements IntegrationsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getTypes(): Promise<IntegrationType[]> {
    return (await this.request<{ items: IntegrationType[] }>('/types')).items;
  }

  async listIntegrations(
    query: ListIntegrationsQuery,
  ): Promise<IntegrationList> {
    const params = new URLSearchParams();
    query.type?.forEach(t => params.append('type', t));
    if (query.q) params.set('q', query.q);
    if (query.project) params.set('project', query.project);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.toString();
    return this.request(`/integrations${search ? `?${search}` : ''}`);
  }

  async getIntegration(id: string): Promise<Integration> {
    return this.request(`/integrations/${encodeURIComponent(id)}`);
  }

  async createIntegration(input: IntegrationInput): Promise<Integration> {
    return this.request('/integrations', { method: 'POST', body: input });
  }

  async updateIntegration(
    id: string,
    update: IntegrationUpdate,
  ): Promise<Integration> {
    return this.request(`/integrations/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: update,
    });
  }

  async deleteIntegration(id: string): Promise<void> {
    await this.request(`/integrations/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  async revealCredential(id: string, key: string): Promise<RevealedCredential> {
    return this.request(
      `/integrations/${encodeURIComponent(id)}/credentials/${encodeURIComponent(
        key,
      )}/reveal`,
      { method: 'POST' },
    );
  }

  async getEvents(id: string): Promise<IntegrationEvent[]> {
    return (
      await this.request<{ items: IntegrationEvent[] }>(
        `/integrations/${encodeURIComponent(id)}/events`,
      )
    ).items;
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
