import { z } from 'zod';

/** A catalog entity ("project") assigned to an integration; paused assignments give no access. */
export interface ProjectAssignment {
  entityRef: string;
  assignedAt: string;
  assignedBy: string;
  /** False while paused: resolve leaves this project's services out. */
  active: boolean;
  pausedAt?: string;
  pausedBy?: string;
  pauseReason?: string;
}

/** One value a credential has held; never the value itself. */
export interface CredentialVersion {
  key: string;
  version: number;
  /** The value resolve returns now. */
  current: boolean;
  /** When this value became current, and who wrote it (unknown for old rows). */
  createdAt: string;
  createdBy?: string;
  /** Id of the encryption key that seals it. */
  keyId: string;
  /** When a rotation or rollback replaced it. */
  supersededAt?: string;
}

export interface CredentialVersionList {
  items: CredentialVersion[];
}

/**
 * During a rotation's overlap window resolve also returns the value that was
 * current before, so services can switch over without an outage.
 */
export interface PreviousCredential {
  value: string;
  /** When it stopped being current. */
  rotatedAt: string;
  /** When resolve stops returning it. */
  until: string;
}

/** Who used an integration's credentials, per consumer and project. */
export interface UsageRecord {
  /** A service principal (`external:billing-job`) or plugin (`plugin:scaffolder`). */
  consumer: string;
  project: string;
  firstUsedAt: string;
  lastUsedAt: string;
  /** Resolves over all recorded days. */
  totalCount: number;
  /** Resolves per UTC day (YYYY-MM-DD), oldest first. */
  days: Array<{ day: string; count: number }>;
}

/** GET /integrations/:id/usage: most recent use first. */
export interface UsageList {
  items: UsageRecord[];
}

export const PAUSE_REASON_LENGTH = 500;

/** Body of POST /integrations/:id/projects/:project/pause. */
export const pauseInputSchema = z
  .object({ reason: z.string().trim().max(PAUSE_REASON_LENGTH).optional() })
  .strict();

/** Body of POST /integrations/:id/credentials/:key/rollback. */
export const rollbackInputSchema = z
  .object({ version: z.number().int().min(1) })
  .strict();
