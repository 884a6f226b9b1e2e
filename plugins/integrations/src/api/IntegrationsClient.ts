import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Integration,
  IntegrationEvent,
  IntegrationInput,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  ListIntegrationsQuery,
  RevealedCredential,
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
