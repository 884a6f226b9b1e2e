import { InputError } from '@backstage/errors';
import { CredentialInput } from '@integrations-hub/backstage-plugin-integrations-common';
import {
  CredentialChange,
  CredentialRecord,
  EventRecord,
  IntegrationRecord,
} from '../store/types';

/** Seals one credential value for one integration: ciphertext and the key id it used. */
export type Seal = (
  key: string,
  value: string,
) => { ciphertext: string; keyId: string };

/** `expiresAt` as the store takes it: a date, null to clear it, undefined to keep it. */
export function toExpiry(
  expiresAt: string | null | undefined,
): Date | null | undefined {
  if (expiresAt === undefined || expiresAt === null) return expiresAt;
  return new Date(expiresAt);
}

/** Which projects an update assigns and which it removes. */
export function diffProjects(current: string[], next: string[]) {
  const before = new Set(current);
  const after = new Set(next);
  return {
    added: next.filter(p => !before.has(p)),
    removed: current.filter(p => !after.has(p)),
  };
}

/**
 * What happens to each credential: a new key is added (and needs a value), a
 * stored key sent without a value is kept, with a value it is rotated, and a
 * stored key left out is removed.
 */
export function diffCredentials(
  stored: string[],
  sent: CredentialInput[],
  seal: Seal,
): CredentialChange[] {
  const storedKeys = new Set(stored);
  const changes: CredentialChange[] = sent.map((c, index) => {
    const settings = {
      expiresAt: toExpiry(c.expiresAt),
      ...(c.overlapMinutes !== undefined
        ? { overlapMinutes: c.overlapMinutes }
        : {}),
      ...(c.writeOnly ? { writeOnly: true as const } : {}),
    };
    if (!storedKeys.has(c.key)) {
      if (c.value === undefined) {
        throw new InputError(
          `credentials[${index}].value: "${c.key}" is new and needs a value`,
        );
      }
      return { kind: 'add', key: c.key, ...seal(c.key, c.value), ...settings };
    }
    return c.value === undefined
      ? { kind: 'keep', key: c.key, ...settings }
      : { kind: 'rotate', key: c.key, ...seal(c.key, c.value), ...settings };
  });
  const sentKeys = new Set(sent.map(c => c.key));
  for (const key of stored)
    if (!sentKeys.has(key)) changes.push({ kind: 'remove', key });
  return changes;
}

/**
 * Write-only is one-way: a security team must be able to trust that no person
 * read the value after it was set. `false` on a write-only credential is refused.
 */
export function assertWriteOnlyKept(
  stored: Pick<CredentialRecord, 'key' | 'writeOnly'>[],
  sent: Pick<CredentialInput, 'key' | 'writeOnly'>[],
) {
  const writeOnly = new Set(stored.filter(c => c.writeOnly).map(c => c.key));
  sent.forEach((c, index) => {
    if (c.writeOnly === false && writeOnly.has(c.key)) {
      throw new InputError(
        `credentials[${index}].writeOnly: "${c.key}" is write-only and cannot be made readable again; remove it and add a new credential instead`,
      );
    }
  });
}

/** Keys an update makes write-only: new ones sent so, and stored ones not yet so. */
export function newlyWriteOnly(
  stored: Pick<CredentialRecord, 'key' | 'writeOnly'>[],
  changes: CredentialChange[],
): string[] {
  const already = new Set(stored.filter(c => c.writeOnly).map(c => c.key));
  return changes
    .filter(c => c.kind !== 'remove' && c.writeOnly && !already.has(c.key))
    .map(c => c.key);
}

/** One history entry per credential made write-only. */
export function writeOnlyEvents(
  actor: string,
  keys: string[],
): Omit<EventRecord, 'integrationId'>[] {
  return keys.map(key => ({
    actor,
    action: 'credential.write-only' as const,
    detail: { key },
  }));
}

/** Names of the plain fields an update changes. */
export function changedFields(
  current: Pick<IntegrationRecord, 'name' | 'type' | 'description' | 'owner'>,
  next: { name: string; type: string; description?: string; owner: string },
): string[] {
  return (['name', 'type', 'description', 'owner'] as const).filter(
    f => (next[f] ?? null) !== (current[f] ?? null),
  );
}

const keysOf = (changes: CredentialChange[], kind: CredentialChange['kind']) =>
  changes.filter(c => c.kind === kind).map(c => c.key);

/** The history an update writes: one summary, then one entry per rotation and assignment change. */
export function updateEvents(options: {
  actor: string;
  fields: string[];
  urls: string[];
  credentials: CredentialChange[];
  projects: { added: string[]; removed: string[] };
  /** Keys made write-only by this update. */
  writeOnly?: string[];
}): Omit<EventRecord, 'integrationId'>[] {
  const { actor, credentials, projects } = options;
  return [
    {
      actor,
      action: 'updated',
      detail: {
        changedFields: options.fields,
        urls: options.urls,
        credentialsAdded: keysOf(credentials, 'add'),
        credentialsRemoved: keysOf(credentials, 'remove'),
      },
    },
    ...keysOf(credentials, 'rotate').map(key => ({
      actor,
      action: 'credential.rotated' as const,
      detail: { key },
    })),
    ...writeOnlyEvents(actor, options.writeOnly ?? []),
    ...projects.added.map(project => ({
      actor,
      action: 'assignment.added' as const,
      detail: { project },
    })),
    ...projects.removed.map(project => ({
      actor,
      action: 'assignment.removed' as const,
      detail: { project },
    })),
  ];
}

/** What the router records with the audit event; keys and refs, never values. */
export function updateSummary(
  credentials: CredentialChange[],
  projects: { added: string[]; removed: string[] },
  writeOnly: string[] = [],
) {
  return {
    rotated: keysOf(credentials, 'rotate'),
    madeWriteOnly: writeOnly,
    addedProjects: projects.added,
    removedProjects: projects.removed,
  };
}
