import {
  CheckStatus,
  IntegrationEventAction,
  IntegrationUrl,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { JsonObject } from '@backstage/types';

/** A stored credential: its value only as ciphertext. */
export interface CredentialRecord {
  key: string;
  ciphertext: string;
  keyId: string;
  createdAt: Date;
  rotatedAt: Date;
  /** Who wrote the current value (absent on rows written before it was recorded). */
  rotatedBy?: string;
  expiresAt?: Date;
  /** Overrides the type's rotation overlap window. */
  overlapMinutes?: number;
  /** Reveal refuses it for everyone; only services resolve it. Never cleared. */
  writeOnly: boolean;
  version: number;
}

export interface ProjectRecord {
  entityRef: string;
  assignedAt: Date;
  assignedBy: string;
  /** Set while paused: the assignment is kept but resolve leaves it out. */
  pausedAt?: Date;
  pausedBy?: string;
  pauseReason?: string;
}

export interface IntegrationRecord {
  id: string;
  name: string;
  type: string;
  description?: string;
  owner: string;
  urls: IntegrationUrl[];
  projects: ProjectRecord[];
  credentials: CredentialRecord[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  version: number;
}

/**
 * What a page or a single read shows beside an integration, read in the same
 * statement: the connection checks' verdict and the last recorded use.
 */
export interface IntegrationActivity {
  /** Absent until the integration was first checked. */
  health?: {
    status: CheckStatus;
    checkedAt: Date;
    changedAt: Date;
  };
  /** Absent until its credentials were first resolved (recorded per day). */
  lastUse?: { lastUsedAt: Date; day: string };
}

export type DisplayRecord = IntegrationRecord & IntegrationActivity;

export interface EventRecord {
  integrationId: string;
  actor: string;
  action: IntegrationEventAction;
  detail: JsonObject;
}

/**
 * The conditions a permission rule can put on a list query.
 *
 * @public
 */
export type IntegrationFilter =
  | { property: 'owner'; values: string[] }
  | { property: 'project'; values: string[] };

/** How a stored credential changes in an update. */
export type CredentialChange =
  | ({
      kind: 'add';
      key: string;
      ciphertext: string;
      keyId: string;
    } & CredentialSettings)
  | ({
      kind: 'rotate';
      key: string;
      ciphertext: string;
      keyId: string;
    } & CredentialSettings)
  | ({ kind: 'keep'; key: string } & CredentialSettings)
  | { kind: 'remove'; key: string };

/** Per-credential settings in an update: a value sets, null clears, undefined keeps. */
export interface CredentialSettings {
  expiresAt?: Date | null;
  /** Own rotation overlap window; null: the type's applies. */
  overlapMinutes?: number | null;
  /** true makes it write-only (one-way); undefined keeps. */
  writeOnly?: true;
}

export interface IntegrationChanges {
  name: string;
  type: string;
  description?: string;
  owner: string;
  urls: IntegrationUrl[];
  addedProjects: string[];
  removedProjects: string[];
  credentials: CredentialChange[];
}
