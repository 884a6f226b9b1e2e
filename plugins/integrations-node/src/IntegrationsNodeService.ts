import { BackstageCredentials } from '@backstage/backend-plugin-api';
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
  IntegrationUpdate,
  ListIntegrationsQuery,
  OAuthSettings,
  ProjectAssignment,
  ProxySettings,
  ResolveQuery,
  ResolveResult,
  RevealedCredential,
  UsageList,
} from '@integrations-hub/backstage-plugin-integrations-common';

/**
 * On whose behalf a call is made (the calling plugin itself when left out), and a signal to cancel it.
 *
 * @public
 */
export interface IntegrationsCallOptions {
  credentials?: BackstageCredentials;
  signal?: AbortSignal;
}

/**
 * A call through the proxy: the project it is for, the path below the
 * integration's URL, and what is sent. Credentials are never part of it: the
 * backend places them.
 *
 * @public
 */
export interface IntegrationsProxyRequest {
  /** Entity ref of the project; the integration must be assigned to it and not paused. */
  project: string;
  /** Path below the integration's URL, as it goes on the wire (`/v1/models?limit=5`). */
  path: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Passed through an allowlist (Accept, Content-Type, If-*, Range, ... and the type's own). */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * What a backend plugin can ask of the Integrations plugin: one method per
 * operation of the API, named as its operationId.
 *
 * @public
 */
export interface IntegrationsNodeService {
  /**
   * The decrypted credentials and URLs of the integrations assigned to a project.
   * Integrations whose credentials could not be opened are listed in `failed`
   * (id, name, key and reason; never a value) while the others are returned.
   * Calls the backend every time: never cache the result beyond the work at hand,
   * so a removed assignment takes effect at once. `credentials` maps have no
   * prototype: every key (even `__proto__` or `constructor`) is a credential key.
   */
  resolveCredentials(
    query: ResolveQuery,
    options?: IntegrationsCallOptions,
  ): Promise<ResolveResult>;
  /**
   * One page of the integrations the caller may read. Page with `cursor`: pass
   * the previous page's `nextCursor` until it is absent (there is no `offset`).
   */
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
  /** One credential's value, for a user allowed to reveal it (recorded in the history). */
  revealCredential(
    id: string,
    key: string,
    options: IntegrationsCallOptions,
  ): Promise<RevealedCredential>;
  /** Keeps the assignment but leaves the project out of resolve until resumed (permission update). */
  pauseProjectAssignment(
    id: string,
    project: string,
    reason: string | undefined,
    options: IntegrationsCallOptions,
  ): Promise<ProjectAssignment>;
  resumeProjectAssignment(
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
  getIntegrationUsage(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<UsageList>;
  /**
   * Tests a saved integration's connection now, for a user allowed to read and reveal it.
   * Status, HTTP code, latency and a reason per URL; never a response body or a credential.
   */
  checkIntegrationConnection(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<ConnectionCheckRun>;
  /** The check definition in force, the health and the recent results (permission read). */
  getConnectionChecks(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<ConnectionChecks>;
  /** Whether the integration mints OAuth2 tokens, its token host and last token error (permission read). */
  getOAuthSettings(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<OAuthSettings>;
  /** Lets resolve return the client secret beside the token, or not (permission update; audited). */
  updateOAuthSettings(
    id: string,
    settings: { clientSecretResolvable: boolean },
    options: IntegrationsCallOptions,
  ): Promise<OAuthSettings>;

  /**
   * Calls an integration's API through the backend's proxy: the backend
   * places the credentials, so the caller never holds them. Answers the
   * upstream's response as is, streamed (its body has injected values
   * replaced by `[redacted]`); the proxy's own refusals (400, 403, 404, 413,
   * 429 with Retry-After, 502, 504) come as JSON errors. Needs
   * `integrations.proxy.use`, not resolve.
   */
  proxyFetch(
    integrationId: string,
    request: IntegrationsProxyRequest,
    options?: IntegrationsCallOptions,
  ): Promise<Response>;
  /** Whether an integration's type has the proxy on, with its methods and path patterns. */
  getProxySettings(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<ProxySettings>;

  /** @deprecated Use `resolveCredentials`; removed in 0.5. */
  resolve(
    query: ResolveQuery,
    options?: IntegrationsCallOptions,
  ): Promise<ResolveResult>;
  /** @deprecated Use `pauseProjectAssignment`; removed in 0.5. */
  pauseProject(
    id: string,
    project: string,
    reason: string | undefined,
    options: IntegrationsCallOptions,
  ): Promise<ProjectAssignment>;
  /** @deprecated Use `resumeProjectAssignment`; removed in 0.5. */
  resumeProject(
    id: string,
    project: string,
    options: IntegrationsCallOptions,
  ): Promise<ProjectAssignment>;
  /** @deprecated Use `getIntegrationUsage`; removed in 0.5. */
  getUsage(id: string, options: IntegrationsCallOptions): Promise<UsageList>;
  /** @deprecated Use `checkIntegrationConnection`; removed in 0.5. */
  testConnection(
    id: string,
    options: IntegrationsCallOptions,
  ): Promise<ConnectionCheckRun>;
}
