import {
  Integration,
  IntegrationInput,
  integrationInputSchema,
  IntegrationUpdate,
  integrationUpdateSchema,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { assignedProjects } from '../../assignments';

export interface CredentialRow {
  key: string;
  /** Empty for a saved credential that is kept as stored. */
  value: string;
  /** Saved on the server: shown masked until the user chooses to overwrite it. */
  saved: boolean;
  overwrite: boolean;
  rotationState?: 'ok' | 'due' | 'expired';
  rotatedAt?: string;
  /** The credential's own overlap window as typed; empty: the type's applies. */
  overlapMinutes?: string;
  /** Its own window as saved, to send only a change (null clears it). */
  savedOverlapMinutes?: number;
  /** Expiry date as typed (YYYY-MM-DD); empty: no expiry. */
  expiresOn?: string;
  /** Expiry date as saved, to send only a change. */
  savedExpiresOn?: string;
  /** Made write-only in this form (confirmed) or saved so. */
  writeOnly?: boolean;
  /** Saved write-only: one-way, the form cannot clear it. */
  savedWriteOnly?: boolean;
}

export interface IntegrationForm {
  name: string;
  type: string;
  description: string;
  projects: string[];
  urls: Array<{ url: string; label?: string }>;
  credentials: CredentialRow[];
}

/** Field path (`name`, `urls.0.url`, `credentials.1.key`) to message. */
export type FieldErrors = Record<string, string>;

export const emptyForm = (type = ''): IntegrationForm => ({
  name: '',
  type,
  description: '',
  projects: [],
  urls: [{ url: '' }],
  credentials: [{ key: '', value: '', saved: false, overwrite: true }],
});

export function formFromIntegration(integration: Integration): IntegrationForm {
  return {
    name: integration.name,
    type: integration.type,
    description: integration.description ?? '',
    projects: assignedProjects(integration),
    urls: integration.urls.length ? integration.urls : [{ url: '' }],
    credentials: integration.credentials.map(c => ({
      key: c.key,
      value: '',
      saved: true,
      overwrite: false,
      rotationState: c.rotationState,
      rotatedAt: c.rotatedAt,
      overlapMinutes:
        c.overlapMinutes === undefined ? '' : String(c.overlapMinutes),
      savedOverlapMinutes: c.overlapMinutes,
      expiresOn: c.expiresAt?.slice(0, 10) ?? '',
      savedExpiresOn: c.expiresAt?.slice(0, 10),
      writeOnly: c.writeOnly === true,
      savedWriteOnly: c.writeOnly === true,
    })),
  };
}

/** The overlap setting to send: nothing when unchanged, null to fall back to the type's. */
function overlapOf(row: CredentialRow) {
  const text = row.overlapMinutes?.trim() ?? '';
  if (text === '')
    return row.savedOverlapMinutes === undefined
      ? {}
      : { overlapMinutes: null };
  const minutes = Number(text);
  if (minutes === row.savedOverlapMinutes) return {};
  // Not a number: sent as typed, so the shared schema names the field.
  return { overlapMinutes: Number.isNaN(minutes) ? text : minutes };
}

/** The expiry to send: nothing when unchanged, null to remove it, else the day's start (UTC). */
function expiryOf(row: CredentialRow) {
  const day = row.expiresOn?.trim() ?? '';
  if (day === (row.savedExpiresOn ?? '')) return {};
  if (day === '') return { expiresAt: null };
  const time = Date.parse(`${day}T00:00:00Z`);
  // Not a date: sent as typed, so the shared schema names the field.
  return { expiresAt: Number.isNaN(time) ? day : new Date(time).toISOString() };
}

function body(form: IntegrationForm) {
  return {
    name: form.name,
    type: form.type,
    ...(form.description.trim() ? { description: form.description } : {}),
    projects: form.projects,
    // A blank trailing row is a row the user never used, not an error.
    urls: form.urls
      .filter(u => u.url.trim() !== '')
      .map(u => (u.label ? u : { url: u.url })),
    credentials: form.credentials
      .filter(c => c.saved || c.key.trim() !== '' || c.value !== '')
      .map(c => ({
        key: c.key,
        ...(c.saved && !c.overwrite ? {} : { value: c.value }),
        ...overlapOf(c),
        ...expiryOf(c),
        // Sent only when it changes: the flag is one-way, never sent as false.
        ...(c.writeOnly && !c.savedWriteOnly ? { writeOnly: true } : {}),
      })),
  };
}

function toErrors(
  issues: Array<{ path: PropertyKey[]; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || 'form';
    errors[path] ??= issue.message;
  }
  return errors;
}

/** Validates with the same schema as the backend; returns the request body or field errors. */
export function validateCreate(
  form: IntegrationForm,
): { ok: true; input: IntegrationInput } | { ok: false; errors: FieldErrors } {
  const result = integrationInputSchema.safeParse(body(form));
  return result.success
    ? { ok: true, input: result.data as IntegrationInput }
    : { ok: false, errors: toErrors(result.error.issues) };
}

export function validateUpdate(
  form: IntegrationForm,
  version: number,
): { ok: true; input: IntegrationUpdate } | { ok: false; errors: FieldErrors } {
  const result = integrationUpdateSchema.safeParse({ ...body(form), version });
  return result.success
    ? { ok: true, input: result.data as IntegrationUpdate }
    : { ok: false, errors: toErrors(result.error.issues) };
}
