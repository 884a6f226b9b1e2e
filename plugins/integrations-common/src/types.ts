import type { IntegrationEventAction } from './schema/openapi/generated';

// The API's shapes are generated from the backend's OpenAPI document
// (plugins/integrations-backend/src/schema/openapi.yaml); this file only adds names.
export type {
  AccessToken,
  CheckAuth,
  CheckDefinition,
  CheckDefinitionUpdate,
  CheckStatus,
  ConnectionCheckDraft,
  ConnectionCheckResult,
  ConnectionCheckRun,
  ConnectionChecks,
  IntegrationHealth,
  CredentialInput,
  CredentialRotationState,
  CredentialSummary,
  ExportedCredential,
  ExportedIntegration,
  ImportErrorDetail,
  ImportInput,
  ImportPreview,
  ImportPreviewRow,
  ImportResult,
  ImportRowError,
  Integration,
  IntegrationEvent,
  IntegrationEventAction,
  IntegrationExport,
  IntegrationInput,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  IntegrationUrl,
  OAuthSettings,
  OAuthSettingsUpdate,
  ProxySettings,
  ResolvedIntegration,
  ResolveResult,
  RevealedCredential,
  TokenError,
  UnresolvedIntegration,
} from './schema/openapi/generated';

/** Query of resolve: the project, optionally narrowed by type or name. */
export type { ResolveCredentialsQuery as ResolveQuery } from './schema/openapi/generated';

/**
 * The actions history answers with. Rows stored as `project.assigned|removed|paused|resumed`
 * (before 0.4.0) are answered as `assignment.*`.
 *
 * @public
 */
export const INTEGRATION_EVENT_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'credential.rotated',
  'credential.revealed',
  'credential.used',
  'assignment.added',
  'assignment.removed',
  'assignment.paused',
  'assignment.resumed',
  'credential.rolled-back',
  'credential.write-only',
  'oauth2.client-secret-resolvable',
  'oauth2.client-secret-withheld',
] as const satisfies readonly IntegrationEventAction[];
