// Connection check shapes come from the backend's OpenAPI document, through -common.
export type {
  CheckStatus,
  ConnectionCheckDraft,
  ConnectionCheckResult,
  ConnectionCheckRun,
  ConnectionChecks,
  IntegrationHealth,
} from '@integrations-hub/backstage-plugin-integrations-common';
