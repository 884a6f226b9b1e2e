import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConnectionCheckRun,
  ConnectionChecks,
  CredentialVersion,
  CredentialVersionList,
  ImportPreview,
  ImportResult,
  Integration,
  IntegrationInput,
  IntegrationList,
  IntegrationsApiClient,
  IntegrationUpdate,
  ListIntegrationsQuery,
  ProjectAssignment,
  ResolveQuery,
  ResolveResult,
  UsageList,
} from '@integrations-hub/backstage-plugin-integrations-common';

/** On whose behalf a call is made; the calling plugin itself when left out. */
export interface IntegrationsCallOptions {
  credentials?: BackstageCredentials;
}

/** What a backend plugin can ask of the Integrations plugin. */
export interface IntegrationsNodeService {
  /**
   * The decrypted credentials and URLs of the integrations assigned to a project.
   * Integrations whose credentials could not be opened are listed in `failed`
   * (id, name, key and reason; never a value) while the others are returned.
   * Calls the backend every time: never cache the result beyond the work at hand,
   * so a removed assignment takes effect at once.
   */
  resolve(
    query: ResolveQuery,
    options?: IntegrationsCallOptions,
  ): Promise<ResolveResult>;
  listIntegrations(
    query: ListIntegrationsQuery,
    options: IntegrationsCallOptions,
  ): Promise<IntegrationList>;
  getIntegration(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<Integration>;
  createIntegration(
    input: IntegrationInput,
    options: IntegrationsCallOptions,
  ): Promise<Integration>;
  updateIntegration(
    id: string,
    update: IntegrationUpdate,
    options: IntegrationsCallOptions,
  ): Promise<Integration>;
  /**
   * Creates up to 1,000 integrations, all or none (permission create, and
   * assign for every project named). A bad row fails the whole call with a
   * 400 whose `error.details` lists `{ index, field, message }`; with
   * `dryRun` nothing is written and every row comes back with its errors.
   */
  importIntegrations(
    integrations: IntegrationInput[],
    options: IntegrationsCallOptions & { dryRun: true },
  ): Promise<ImportPreview>;
  importIntegrations(
    integrations: IntegrationInput[],
    options: IntegrationsCallOptions & { dryRun?: false },
  ): Promise<ImportResult>;
  /** Keeps the assignment but leaves the project out of resolve until resumed (permission update). */
  pauseProject(
    id: string,
    project: string,
    reason: string | undefined,
    options: IntegrationsCallOptions,
  ): Promise<ProjectAssignment>;
  resumeProject(
    id: string,
    project: string,
    options: IntegrationsCallOptions,
  ): Promise<ProjectAssignment>;
  /** Current and kept versions of each credential: metadata only. */
  listCredentialVersions(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<CredentialVersionList>;
  /** Makes a kept version current again, as a new version (permission update). */
  rollbackCredential(
    id: string,
    key: string,
    version: number,
    options: IntegrationsCallOptions,
  ): Promise<CredentialVersion>;
  /** Who resolved the credentials, per consumer and project. */
  getUsage(id: string, options: IntegrationsCallOptions): Promise<UsageList>;
  /**
   * Tests a saved integration's connection now, for a user allowed to read and reveal it.
   * Status, HTTP code, latency and a reason per URL; never a response body or a credential.
   */
  testConnection(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<ConnectionCheckRun>;
  /** The check definition in force, the health and the recent results (permission read). */
  getConnectionChecks(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<ConnectionChecks>;
}

/**
 * Calls `/api/integrations` through the generated API client, authenticated as
 * the calling plugin (or on behalf of the given credentials).
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

  async resolve(
    query: ResolveQuery,
    options?: IntegrationsCallOptions,
  ): Promise<ResolveResult> {
    const result = await this.api.resolveCredentials(
      { query },
      await this.token(options),
    );
    for (const failure of result.failed ?? []) {
      this.deps.logger?.warn(
        `Integration "${failure.name}" (${failure.id}) was left out of resolve for ${result.project}: credential "${failure.key}" ${failure.reason}`,
      );
    }
    return { ...result, failed: result.failed ?? [] };
  }

  async listIntegrations(
    query: ListIntegrationsQuery,
    options: IntegrationsCallOptions,
  ) {
    return this.api.listIntegrations({ query }, await this.token(options));
  }

  async getIntegration(id: string, options: IntegrationsCallOptions) {
    return this.api.getIntegration({ path: { id } }, await this.token(options));
  }

  async createIntegration(
    input: IntegrationInput,
    options: IntegrationsCallOptions,
  ) {
    return this.api.createIntegration(
      { body: input },
      await this.token(options),
    );
  }

  async updateIntegration(
    id: string,
    update: IntegrationUpdate,
    options: IntegrationsCallOptions,
  ) {
    return this.api.updateIntegration(
      { path: { id }, body: update },
      await this.token(options),
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
      await this.token(options),
    );
  }

  async pauseProject(
    id: string,
    project: string,
    reason: string | undefined,
    options: IntegrationsCallOptions,
  ) {
    return this.api.pauseProjectAssignment(
      { path: { id, project }, body: reason ? { reason } : {} },
      await this.token(options),
    );
  }

  async resumeProject(
    id: string,
    project: string,
    options: IntegrationsCallOptions,
  ) {
    return this.api.resumeProjectAssignment(
      { path: { id, project } },
      await this.token(options),
    );
  }

  async listCredentialVersions(id: string, options: IntegrationsCallOptions) {
    return this.api.listCredentialVersions(
      { path: { id } },
      await this.token(options),
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
      await this.token(options),
    );
  }

  async getUsage(id: string, options: IntegrationsCallOptions) {
    return this.api.getIntegrationUsage(
      { path: { id } },
      await this.token(options),
    );
  }

  async testConnection(id: string, options: IntegrationsCallOptions) {
    return this.api.checkIntegrationConnection(
      { path: { id } },
      await this.token(options),
    );
  }

  async getConnectionChecks(id: string, options: IntegrationsCallOptions) {
    return this.api.getConnectionChecks(
      { path: { id } },
      await this.token(options),
    );
  }

  private async token(options?: IntegrationsCallOptions) {
    const { auth } = this.deps;
    return auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await auth.getOwnServiceCredentials()),
      targetPluginId: 'integrations',
    });
  }
}
