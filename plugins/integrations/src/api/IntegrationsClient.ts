import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  CheckDefinition,
  ConnectionCheckDraft,
  ConnectionCheckRun,
  ConnectionChecks,
  OAuthSettings,
  OAuthSettingsUpdate,
  ProxySettings,
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
 * HTTP client for the Integrations backend (`/api/integrations`). Every call
 * goes through the client generated from the OpenAPI document, so shapes are
 * written once; the app's fetchApi adds the user's token and a non-2xx answer
 * throws `ResponseError`. What is left here is the frontend's convenience:
 * lists unwrapped to their items and an export handed back as a file.
 *
 * @public
 */
export class IntegrationsClient implements IntegrationsApi {
  private readonly api: IntegrationsApiClient;

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {
    this.api = new IntegrationsApiClient(options);
  }

  async listIntegrationTypes(): Promise<IntegrationType[]> {
    return (await this.api.listIntegrationTypes()).items;
  }

  async listIntegrations(
    query: ListIntegrationsQuery,
    options: { signal?: AbortSignal } = {},
  ): Promise<IntegrationList> {
    return this.api.listIntegrations({ query }, { signal: options.signal });
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

  async listIntegrationEvents(id: string): Promise<IntegrationEvent[]> {
    return (await this.api.listIntegrationEvents({ path: { id } })).items;
  }

  async pauseProjectAssignment(
    id: string,
    project: string,
    reason?: string,
  ): Promise<ProjectAssignment> {
    return this.api.pauseProjectAssignment({
      path: { id, project },
      body: reason ? { reason } : {},
    });
  }

  async resumeProjectAssignment(
    id: string,
    project: string,
  ): Promise<ProjectAssignment> {
    return this.api.resumeProjectAssignment({ path: { id, project } });
  }

  async listCredentialVersions(id: string): Promise<CredentialVersion[]> {
    return (await this.api.listCredentialVersions({ path: { id } })).items;
  }

  async rollbackCredential(
    id: string,
    key: string,
    version: number,
  ): Promise<CredentialVersion> {
    return this.api.rollbackCredential({
      path: { id, key },
      body: { version },
    });
  }

  async getIntegrationUsage(id: string): Promise<UsageList> {
    return this.api.getIntegrationUsage({ path: { id } });
  }

  async checkIntegrationConnection(id: string): Promise<ConnectionCheckRun> {
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

  async getOAuthSettings(id: string): Promise<OAuthSettings> {
    return this.api.getOAuthSettings({ path: { id } });
  }

  async updateOAuthSettings(
    id: string,
    settings: OAuthSettingsUpdate,
  ): Promise<OAuthSettings> {
    return this.api.updateOAuthSettings({ path: { id }, body: settings });
  }

  async getProxySettings(id: string): Promise<ProxySettings> {
    return this.api.getProxySettings({ path: { id } });
  }

  async proxyFetch(
    integrationId: string,
    project: string,
    path: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const base = await this.options.discoveryApi.getBaseUrl('integrations');
    const headers = new Headers(init.headers);
    headers.set('x-integrations-project', project);
    return this.options.fetchApi.fetch(
      `${base}/proxy/${encodeURIComponent(integrationId)}/${path.replace(
        /^\/+/,
        '',
      )}`,
      { ...init, headers, redirect: 'manual' },
    );
  }
}
