import type { JsonObject } from '@backstage/types';
import type { PreviousCredential, ProjectAssignment } from './operate';

/** A category of integrations (AI, Telephony, ...), configured in app-config. */
export interface IntegrationType {
  id: string;
  title: string;
  /** Name of a system icon (e.g. `cloud`, `phone`) or of a Material UI icon. */
  icon?: string;
  /** Credentials older than this many days are due for rotation. */
  rotationPeriodDays?: number;
  /** After a rotation, resolve returns the previous value too for this long. */
  rotationOverlapMinutes?: number;
}

export interface IntegrationUrl {
  url: string;
  label?: string;
}

/** How a credential stands against its type's rotation period and its own expiry. */
export type CredentialRotationState = 'ok' | 'due' | 'expired';

/** A credential as every response but reveal/resolve shows it: never its value. */
export interface CredentialSummary {
  key: string;
  hasValue: boolean;
  createdAt: string;
  rotatedAt: string;
  expiresAt?: string;
  rotationState: CredentialRotationState;
}

export interface Integration {
  id: string;
  name: string;
  type: string;
  description?: string;
  /** Entity ref of the owning user or group. */
  owner: string;
  urls: IntegrationUrl[];
  /** Entity refs of the catalog entities ("projects") that may use this integration. */
  projects: string[];
  /** The same projects with when/by whom, and whether each is paused. */
  assignments?: ProjectAssignment[];
  credentials: CredentialSummary[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** Bumped on every change; updates must send the version they read. */
  version: number;
}

export interface IntegrationList {
  items: Integration[];
  totalCount: number;
  /** Number of matching integrations per type id, ignoring the `type` filter itself. */
  typeCounts: Record<string, number>;
  offset: number;
  limit: number;
}

export interface ListIntegrationsQuery {
  type?: string[];
  q?: string;
  project?: string;
  offset?: number;
  limit?: number;
}

export interface CredentialInput {
  key: string;
  /** Omitted on update: the stored value is kept. Present: the credential is rotated. */
  value?: string;
  expiresAt?: string | null;
}

export interface IntegrationInput {
  name: string;
  type: string;
  description?: string;
  owner?: string;
  urls: IntegrationUrl[];
  projects: string[];
  credentials: CredentialInput[];
}

export interface IntegrationUpdate extends IntegrationInput {
  version: number;
}

export const INTEGRATION_EVENT_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'credential.rotated',
  'credential.revealed',
  'credential.used',
  'project.assigned',
  'project.removed',
  'project.paused',
  'project.resumed',
  'credential.rolled-back',
] as const;

export type IntegrationEventAction = (typeof INTEGRATION_EVENT_ACTIONS)[number];

/** One entry of an integration's history; `detail` never holds a secret value. */
export interface IntegrationEvent {
  id: string;
  integrationId: string;
  at: string;
  actor: string;
  action: IntegrationEventAction;
  detail: JsonObject;
}

export interface RevealedCredential {
  key: string;
  value: string;
}

export interface ResolveQuery {
  project: string;
  type?: string;
  name?: string;
}

/** An integration with its decrypted credentials, as returned to services by resolve. */
export interface ResolvedIntegration {
  id: string;
  name: string;
  type: string;
  urls: IntegrationUrl[];
  credentials: Record<string, string>;
  /** Only during a rotation's overlap window: the value each rotated key had before. */
  previousCredentials?: Record<string, PreviousCredential>;
}

export interface ResolveResult {
  project: string;
  integrations: ResolvedIntegration[];
}
