import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ImportPreview,
  ImportResult,
  IntegrationInput,
  IntegrationsApiClient,
  IntegrationUpdate,
  ListIntegrationsQuery,
  RequestOptions,
  ResolvedIntegration,
  ResolveQuery,
  ResolveResult,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  IntegrationsCallOptions,
  IntegrationsNodeService,
  IntegrationsProxyRequest,
} from './IntegrationsNodeService';

/**
 * A copy without a prototype, so that a key such as `__proto__` or `constructor`
 * is data like any other and a key that is not there reads `undefined`.
 */
function valueMap<T>(source: Record<string, T>): Record<string, T> {
  const map: Record<string, T> = Object.create(null);
  for (const [key, value] of Object.entries(source)) map[key] = value;
  return map;
}

function withValueMaps(integration: ResolvedIntegration): ResolvedIntegration {
  const { previousCredentials } = integration;
  return {
    ...integration,
    credentials: valueMap(integration.credentials),
    ...(previousCredentials
      ? { previousCredentials: valueMap(previousCredentials) }
      : {}),
  };
}

/**
 * Calls `/api/integrations` through the generated API client, authenticated as
 * the calling plugin (or on behalf of the given credentials). A non-2xx answer
 * throws `ResponseError` with the server's status and message.
 *
 * @public
 */
export class IntegrationsNodeClient implements IntegrationsNodeService {
  private readonly api: IntegrationsApiClient;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger?: LoggerService;
    },
  ) {
    this.api = new IntegrationsApiClient({ discoveryApi: deps.discovery });
  }

  async resolveCredentials(
    query: ResolveQuery,
    options?: IntegrationsCallOptions,
  ): Promise<ResolveResult> {
    const result = await this.api.resolveCredentials(
      { query },
      await this.request(options),
    );
    for (const failure of result.failed ?? []) {
      this.deps.logger?.warn(
        `Integration "${failure.name}" (${failure.id}) was left out of resolve for ${result.project}: credential "${failure.key}" ${failure.reason}`,
      );
    }
    return {
      ...result,
      integrations: result.integrations.map(withValueMaps),
      failed: result.failed ?? [],
    };
  }

  async listIntegrations(
    query: ListIntegrationsQuery,
    options: IntegrationsCallOptions,
  ) {
    return this.api.listIntegrations({ query }, await this.request(options));
  }

  async getIntegration(id: string, options: IntegrationsCallOptions) {
    return this.api.getIntegration(
      { path: { id } },
      await this.request(options),
    );
  }

  async createIntegration(
    input: IntegrationInput,
    options: IntegrationsCallOptions,
  ) {
    return this.api.createIntegration(
      { body: input },
      await this.request(options),
    );
  }

  async updateIntegration(
    id: string,
    update: IntegrationUpdate,
    options: IntegrationsCallOptions,
  ) {
    return this.api.updateIntegration(
      { path: { id }, body: update },
      await this.request(options),
    );
  }

  importIntegrations(
    integrations: IntegrationInput[],
    options: IntegrationsCallOptions & { dryRun: true },
  ): Promise<ImportPreview>;
  importIntegrations(
    integrations: IntegrationInput[],
    options: IntegrationsCallOptions & { dryRun?: false },
  ): Promise<ImportResult>;
  async importIntegrations(
    integrations: IntegrationInput[],
    options: IntegrationsCallOptions & { dryRun?: boolean },
  ): Promise<ImportPreview | ImportResult> {
    return this.api.importIntegrations(
      {
        query: { dryRun: options.dryRun ?? false },
        body: { integrations },
      },
      await this.request(options),
    );
  }

  async revealCredential(
    id: string,
    key: string,
    options: IntegrationsCallOptions,
  ) {
    return this.api.revealCredential(
      { path: { id, key } },
      await this.request(options),
    );
  }

  async pauseProjectAssignment(
    id: string,
    project: string,
    reason: string | undefined,
    options: IntegrationsCallOptions,
  ) {
    return this.api.pauseProjectAssignment(
      { path: { id, project }, body: reason ? { reason } : {} },
      await this.request(options),
    );
  }

  async resumeProjectAssignment(
    id: string,
    project: string,
    options: IntegrationsCallOptions,
  ) {
    return this.api.resumeProjectAssignment(
      { path: { id, project } },
      await this.request(options),
    );
  }

  async listCredentialVersions(id: string, options: IntegrationsCallOptions) {
    return this.api.listCredentialVersions(
      { path: { id } },
      await this.request(options),
    );
  }

  async rollbackCredential(
    id: string,
    key: string,
    version: number,
    options: IntegrationsCallOptions,
  ) {
    return this.api.rollbackCredential(
      { path: { id, key }, body: { version } },
      await this.request(options),
    );
  }

  async getIntegrationUsage(id: string, options: IntegrationsCallOptions) {
    return this.api.getIntegrationUsage(
      { path: { id } },
      await this.request(options),
    );
  }

  async checkIntegrationConnection(
    id: string,
    options: IntegrationsCallOptions,
  ) {
    return this.api.checkIntegrationConnection(
      { path: { id } },
      await this.request(options),
    );
  }

  async getConnectionChecks(id: string, options: IntegrationsCallOptions) {
    return this.api.getConnectionChecks(
      { path: { id } },
      await this.request(options),
    );
  }

  async getOAuthSettings(id: string, options: IntegrationsCallOptions) {
    return this.api.getOAuthSettings(
      { path: { id } },
      await this.request(options),
    );
  }

  async updateOAuthSettings(
    id: string,
    settings: { clientSecretResolvable: boolean },
    options: IntegrationsCallOptions,
  ) {
    return this.api.updateOAuthSettings(
      { path: { id }, body: settings },
      await this.request(options),
    );
  }

  async proxyFetch(
    integrationId: string,
    request: IntegrationsProxyRequest,
    options?: IntegrationsCallOptions,
  ): Promise<Response> {
    const { token, signal } = await this.request(options);
    const base = await this.deps.discovery.getBaseUrl('integrations');
    const path = request.path.replace(/^\/+/, '');
    return fetch(`${base}/proxy/${encodeURIComponent(integrationId)}/${path}`, {
      method: request.method ?? 'GET',
      headers: {
        ...request.headers,
        authorization: `Bearer ${token}`,
        'x-integrations-project': request.project,
      },
      body: request.body,
      signal,
      redirect: 'manual',
    });
  }

  async getProxySettings(id: string, options: IntegrationsCallOptions) {
    return this.api.getProxySettings(
      { path: { id } },
      await this.request(options),
    );
  }

  /** @deprecated Use `resolveCredentials`; removed in 0.5. */
  resolve(query: ResolveQuery, options?: IntegrationsCallOptions) {
    return this.resolveCredentials(query, options);
  }

  /** @deprecated Use `pauseProjectAssignment`; removed in 0.5. */
  pauseProject(
    id: string,
    project: string,
    reason: string | undefined,
    options: IntegrationsCallOptions,
  ) {
    return this.pauseProjectAssignment(id, project, reason, options);
  }

  /** @deprecated Use `resumeProjectAssignment`; removed in 0.5. */
  resumeProject(id: string, project: string, options: IntegrationsCallOptions) {
    return this.resumeProjectAssignment(id, project, options);
  }

  /** @deprecated Use `getIntegrationUsage`; removed in 0.5. */
  getUsage(id: string, options: IntegrationsCallOptions) {
    return this.getIntegrationUsage(id, options);
  }

  /** @deprecated Use `checkIntegrationConnection`; removed in 0.5. */
  testConnection(id: string, options: IntegrationsCallOptions) {
    return this.checkIntegrationConnection(id, options);
  }

  /** What every call adds: a token for the backend, on behalf of the caller; the caller's signal. */
  private async request(
    options?: IntegrationsCallOptions,
  ): Promise<RequestOptions> {
    const { auth } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await auth.getOwnServiceCredentials()),
      targetPluginId: 'integrations',
    });
    return { token, signal: options?.signal };
  }
}
