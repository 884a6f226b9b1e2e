import { z } from 'zod';

// The shapes are generated from the backend's OpenAPI document; this file adds the input checks.
export type {
  CredentialVersion,
  CredentialVersionList,
  PauseInput,
  PreviousCredential,
  ProjectAssignment,
  RollbackInput,
  UsageList,
  UsageRecord,
} from './schema/openapi/generated';

/** @public */
export const PAUSE_REASON_LENGTH = 500;

/**
 * Body of POST /integrations/:id/projects/:project/pause.
 *
 * @public
 */
export const pauseInputSchema = z
  .object({ reason: z.string().trim().max(PAUSE_REASON_LENGTH).optional() })
  .strict();

/**
 * Body of POST /integrations/:id/credentials/:key/rollback.
 *
 * @public
 */
export const rollbackInputSchema = z
  .object({ version: z.number().int().min(1) })
  .strict();
