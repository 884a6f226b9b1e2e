import { Knex } from 'knex';
import { EventRecord, IntegrationRecord } from './types';
import { searchTextOf, sortNameOf } from './searchText';

/** A new integration as the store writes it: values already sealed. */
export interface NewIntegration {
  id: string;
  name: string;
  type: string;
  description?: string;
  owner: string;
  urls: IntegrationRecord['urls'];
  projects: string[];
  credentials: Array<{
    key: string;
    ciphertext: string;
    keyId: string;
    expiresAt?: Date | null;
    overlapMinutes?: number | null;
    writeOnly?: boolean;
  }>;
}

type Row = Record<string, any>;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/** Inserts rows in as few statements as the databases' parameter limits allow. */
export async function insertChunked(
  tx: Knex.Transaction,
  table: string,
  rows: Row[],
) {
  if (!rows.length) return;
  const size = Math.max(
    1,
    Math.floor(MAX_PARAMETERS / Object.keys(rows[0]).length),
  );
  for (let start = 0; start < rows.length; start += size) {
    await tx(table).insert(rows.slice(start, start + size));
  }
}

export function integrationRow(
  input: NewIntegration,
  actor: string,
  now: Date,
) {
  return {
    id: input.id,
    name: input.name,
    type: input.type,
    description: input.description ?? null,
    owner: input.owner,
    sort_name: sortNameOf(input.name),
    search_text: searchTextOf({
      name: input.name,
      urls: input.urls,
      keys: input.credentials.map(c => c.key),
    }),
    created_at: now,
    created_by: actor,
    updated_at: now,
    updated_by: actor,
    version: 1,
  };
}

export function credentialRows(
  input: NewIntegration,
  actor: string,
  now: Date,
) {
  return input.credentials.map(c => ({
    integration_id: input.id,
    key: c.key,
    ciphertext: c.ciphertext,
    key_id: c.keyId,
    created_at: now,
    rotated_at: now,
    rotated_by: actor,
    expires_at: c.expiresAt ?? null,
    overlap_minutes: c.overlapMinutes ?? null,
    write_only: c.writeOnly === true,
    version: 1,
  }));
}

export function urlRows(id: string, urls: IntegrationRecord['urls']) {
  return urls.map((u, position) => ({
    integration_id: id,
    position,
    url: u.url,
    label: u.label ?? null,
  }));
}

export function projectRows(
  id: string,
  sortName: string,
  refs: string[],
  actor: string,
  now: Date,
) {
  return refs.map(entity_ref => ({
    integration_id: id,
    entity_ref,
    sort_name: sortName,
    assigned_at: now,
    assigned_by: actor,
  }));
}

export function eventRows(events: EventRecord[], now: Date) {
  return events.map(e => ({
    integration_id: e.integrationId,
    at: now,
    actor: e.actor,
    action: e.action,
    detail: JSON.stringify(e.detail),
  }));
}
