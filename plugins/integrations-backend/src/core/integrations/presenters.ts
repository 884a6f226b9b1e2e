import {
  CredentialRotationState,
  CredentialSummary,
  Integration,
  IntegrationHealth,
  IntegrationType,
  ProjectAssignment,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  CredentialRecord,
  IntegrationActivity,
  IntegrationRecord,
  ProjectRecord,
} from '../store/types';
import { isUnused, UnusedCutoff } from '../usage/unused';

const DAY_MS = 24 * 60 * 60 * 1000;

export function rotationState(
  credential: Pick<CredentialRecord, 'rotatedAt' | 'expiresAt'>,
  type: IntegrationType | undefined,
  now: Date,
): CredentialRotationState {
  if (credential.expiresAt && credential.expiresAt <= now) return 'expired';
  const period = type?.rotationPeriodDays;
  if (
    period &&
    credential.rotatedAt.getTime() + period * DAY_MS <= now.getTime()
  ) {
    return 'due';
  }
  return 'ok';
}

function summarize(
  credential: CredentialRecord,
  type: IntegrationType | undefined,
  now: Date,
): CredentialSummary {
  return {
    key: credential.key,
    hasValue: credential.ciphertext.length > 0,
    createdAt: credential.createdAt.toISOString(),
    rotatedAt: credential.rotatedAt.toISOString(),
    ...(credential.expiresAt
      ? { expiresAt: credential.expiresAt.toISOString() }
      : {}),
    rotationState: rotationState(credential, type, now),
    ...(credential.overlapMinutes !== undefined
      ? { overlapMinutes: credential.overlapMinutes }
      : {}),
    ...(credential.writeOnly ? { writeOnly: true } : {}),
  };
}

/** The API shape of a project assignment: active, or paused by whom, when and why. */
export function toAssignment(record: ProjectRecord): ProjectAssignment {
  return {
    entityRef: record.entityRef,
    assignedAt: record.assignedAt.toISOString(),
    assignedBy: record.assignedBy,
    active: !record.pausedAt,
    ...(record.pausedAt
      ? {
          pausedAt: record.pausedAt.toISOString(),
          ...(record.pausedBy ? { pausedBy: record.pausedBy } : {}),
          ...(record.pauseReason ? { pauseReason: record.pauseReason } : {}),
        }
      : {}),
  };
}

/** The API shape of an integration: credential metadata only, never ciphertext or values. */
export function toIntegration(
  record: IntegrationRecord,
  types: Map<string, IntegrationType>,
  now = new Date(),
): Integration {
  const type = types.get(record.type);
  return {
    id: record.id,
    name: record.name,
    type: record.type,
    ...(record.description ? { description: record.description } : {}),
    owner: record.owner,
    urls: record.urls,
    projects: record.projects.map(p => p.entityRef),
    assignments: record.projects.map(toAssignment),
    credentials: record.credentials.map(c => summarize(c, type, now)),
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
    version: record.version,
  };
}

/** The API shape of an integration's check verdict. */
export function presentHealth(
  health: NonNullable<IntegrationActivity['health']>,
): IntegrationHealth {
  return {
    status: health.status,
    checkedAt: health.checkedAt.toISOString(),
    changedAt: health.changedAt.toISOString(),
  };
}

/**
 * Adds what the page shows beside an integration: `health` once it was checked,
 * `lastUsedAt` once it was used, `unused: true` when the unused rule holds.
 */
export function withActivity(
  integration: Integration,
  activity: IntegrationActivity,
  createdAt: Date,
  cutoff: UnusedCutoff,
): Integration {
  const { health, lastUse } = activity;
  const unused = isUnused({ createdAt, lastUsedDay: lastUse?.day }, cutoff);
  return {
    ...integration,
    ...(health ? { health: presentHealth(health) } : {}),
    ...(lastUse ? { lastUsedAt: lastUse.lastUsedAt.toISOString() } : {}),
    ...(unused ? { unused } : {}),
  };
}
