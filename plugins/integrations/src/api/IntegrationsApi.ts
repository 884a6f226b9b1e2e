import { createApiRef } from '@backstage/core-plugin-api';
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
  ImportPreview,
  ImportResult,
  IntegrationEvent,
  IntegrationInput,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  UsageList,
  ListIntegrationsQuery,
  ProjectAssignment,
  RevealedCredential,
} from '@integrations-hub/backstage-plugin-integrations-common';

/**
 * Filters of the list and of an export: the list query without its position.
 *
 * @public
 */
export type IntegrationFilters = Omit<
  ListIntegrationsQuery,
  'cursor' | 'limit'
>;

/**
 * The file format of an export.
 *
 * @public
 */
export type ExportFormat = 'json' | 'csv';

/**
 * The Integrations backend, as the frontend sees it: one method per operation
 * of the API, named as its operationId.
 *
 * @public
 */
export interface IntegrationsApi {
  listIntegrationTypes(): Promise<IntegrationType[]>;
  /** One page; `signal` cancels a request that is no longer wanted (a stale keystroke). */
  listIntegrations(
    query: ListIntegrationsQuery,
    options?: { signal?: AbortSignal },
  ): Promise<IntegrationList>;
  /** Checks the rows only (`dryRun`), or creates them all in one transaction. */
  importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: true },
  ): Promise<ImportPreview>;
  importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: false },
  ): Promise<ImportResult>;
  /** The integrations matching `filters` as a file; never a credential value. */
  exportIntegrations(
    format: ExportFormat,
    filters: IntegrationFilters,
  ): Promise<Blob>;
  getIntegration(id: string): Promise<Integration>;
  createIntegration(input: IntegrationInput): Promise<Integration>;
  updateIntegration(
    id: string,
    update: IntegrationUpdate,
  ): Promise<Integration>;
  deleteIntegration(id: string): Promise<void>;
  revealCredential(id: string, key: string): Promise<RevealedCredential>;
  listIntegrationEvents(id: string): Promise<IntegrationEvent[]>;
  /** Keeps the assignment but stops resolve for that project until resumed. */
  pauseProjectAssignment(
    id: string,
    project: string,
    reason?: string,
  ): Promise<ProjectAssignment>;
  resumeProjectAssignment(
    id: string,
    project: string,
  ): Promise<ProjectAssignment>;
  /** Current and kept values of every credential: metadata only. */
  listCredentialVersions(id: string): Promise<CredentialVersion[]>;
  /** Makes a kept value current again, as a new version. */
  rollbackCredential(
    id: string,
    key: string,
    version: number,
  ): Promise<CredentialVersion>;
  /** Who resolved this integration's credentials, per consumer and project. */
  getIntegrationUsage(id: string): Promise<UsageList>;
  /** "Test connection" of a saved integration (needs reveal); kept in its check history. */
  checkIntegrationConnection(id: string): Promise<ConnectionCheckRun>;
  /** "Test connection" of values being edited: used once, never stored. */
  testConnectionDraft(draft: ConnectionCheckDraft): Promise<ConnectionCheckRun>;
  /** The check definition in force, the health and the last results. */
  getConnectionChecks(id: string): Promise<ConnectionChecks>;
  setCheckDefinition(
    id: string,
    definition: CheckDefinition,
  ): Promise<ConnectionChecks>;
  resetCheckDefinition(id: string): Promise<ConnectionChecks>;
  /** Whether the integration mints OAuth2 tokens, its token host and last token error. */
  getOAuthSettings(id: string): Promise<OAuthSettings>;
  /** Lets resolve return the client secret beside the token, or not (needs update). */
  updateOAuthSettings(
    id: string,
    settings: OAuthSettingsUpdate,
  ): Promise<OAuthSettings>;
  /** Whether the integration's type has the proxy on, with its methods and path patterns. */
  getProxySettings(id: string): Promise<ProxySettings>;
  /**
   * Fetch through an integration for a project: the backend calls the
   * integration's URL + `path` and places the credentials, so the browser
   * never sees them. Answers the upstream response as is (not thrown on
   * non-2xx); the proxy's own refusals are JSON errors (403 without
   * `integrations.proxy.use`, 429 with Retry-After, 502, 504).
   */
  proxyFetch(
    integrationId: string,
    project: string,
    path: string,
    init?: RequestInit,
  ): Promise<Response>;
}

/** @public */
export const integrationsApiRef = createApiRef<IntegrationsApi>({
  id: 'plugin.integrations.api',
});
