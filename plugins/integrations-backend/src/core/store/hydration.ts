import { Knex } from 'knex';
import {
  CredentialRecord,
  DisplayRecord,
  IntegrationActivity,
  IntegrationRecord,
  ProjectRecord,
} from './types';
import { toDate } from './toDate';

type Row = Record<string, any>;

/** The integration's own columns (not search_text: nobody reads it back). */
const INTEGRATION_COLUMNS = [
  'id',
  'name',
  'type',
  'description',
  'owner',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'version',
  'sort_name',
];

/** Each child table arrives as one JSON array column, in this order. */
const CHILDREN = [
  {
    as: 'urls_json',
    table: 'integration_urls',
    order: 'position',
    columns: ['url', 'label'],
  },
  {
    as: 'projects_json',
    table: 'integration_projects',
    order: 'entity_ref',
    columns: [
      'entity_ref',
      'assigned_at',
      'assigned_by',
      'paused_at',
      'paused_by',
      'pause_reason',
    ],
  },
  {
    as: 'credentials_json',
    table: 'integration_credentials',
    order: 'key',
    columns: [
      'key',
      'ciphertext',
      'key_id',
      'created_at',
      'rotated_at',
      'rotated_by',
      'expires_at',
      'overlap_minutes',
      'write_only',
      'version',
    ],
  },
];

/**
 * Selects integrations with their URLs, projects and credentials in one
 * statement (a correlated JSON array per child table), so a page costs one
 * round trip instead of one per table.
 */
export function selectHydrated(
  db: Knex,
  query: Knex.QueryBuilder,
  alias = 'i',
): Knex.QueryBuilder {
  const isPg = db.client.config.client === 'pg';
  query.select(INTEGRATION_COLUMNS.map(c => `${alias}.${c}`));
  for (const child of CHILDREN) {
    const fields = child.columns.map(c => `'${c}', c.${c}`).join(', ');
    const array = isPg
      ? `coalesce(json_agg(json_build_object(${fields}) order by c.${child.order}), '[]'::json)`
      : `json_group_array(json_object(${fields}) order by c.${child.order})`;
    query.select(
      db.raw(
        `(select ${array} from ${child.table} c where c.integration_id = ${alias}.id) as ${child.as}`,
      ),
    );
  }
  return query;
}

/**
 * Adds what a page shows beside each integration to selectHydrated's columns:
 * its health row and its last recorded use (the newest usage row, read
 * backwards from integration_usage_recent_idx). One statement still.
 */
export function selectActivity(
  db: Knex,
  query: Knex.QueryBuilder,
  alias = 'i',
): Knex.QueryBuilder {
  const object = (fields: string) =>
    db.client.config.client === 'pg'
      ? `json_build_object(${fields})`
      : `json_object(${fields})`;
  return query.select(
    db.raw(
      `(select ${object(
        `'status', h.status, 'checked_at', h.checked_at, 'changed_at', h.changed_at`,
      )} from integration_check_health h where h.integration_id = ${alias}.id) as health_json`,
    ),
    db.raw(
      `(select ${object(
        `'day', u.day, 'last_used_at', u.last_used_at`,
      )} from integration_usage u where u.integration_id = ${alias}.id order by u.day desc, u.last_used_at desc limit 1) as last_use_json`,
    ),
  );
}

/** PostgreSQL hands JSON over parsed, SQLite as text. */
const array = (value: unknown): Row[] =>
  typeof value === 'string' ? JSON.parse(value) : (value as Row[]) ?? [];
const object = (value: unknown): Row | undefined =>
  typeof value === 'string' ? JSON.parse(value) : (value as Row) ?? undefined;

function toProject(r: Row): ProjectRecord {
  return {
    entityRef: r.entity_ref,
    assignedAt: toDate(r.assigned_at),
    assignedBy: r.assigned_by,
    ...(r.paused_at
      ? {
          pausedAt: toDate(r.paused_at),
          pausedBy: r.paused_by,
          pauseReason: r.pause_reason ?? undefined,
        }
      : {}),
  };
}

function toCredential(r: Row): CredentialRecord {
  return {
    key: r.key,
    ciphertext: r.ciphertext,
    keyId: r.key_id,
    createdAt: toDate(r.created_at),
    rotatedAt: toDate(r.rotated_at),
    rotatedBy: r.rotated_by ?? undefined,
    expiresAt: r.expires_at ? toDate(r.expires_at) : undefined,
    overlapMinutes: r.overlap_minutes ?? undefined,
    // SQLite answers 0/1, PostgreSQL true/false.
    writeOnly: Boolean(r.write_only),
    version: Number(r.version),
  };
}

/** A row of selectHydrated as a record. */
export function toRecord(r: Row): IntegrationRecord {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    description: r.description ?? undefined,
    owner: r.owner,
    urls: array(r.urls_json).map(u =>
      u.label ? { url: u.url, label: u.label } : { url: u.url },
    ),
    projects: array(r.projects_json).map(toProject),
    credentials: array(r.credentials_json).map(toCredential),
    createdAt: toDate(r.created_at),
    createdBy: r.created_by,
    updatedAt: toDate(r.updated_at),
    updatedBy: r.updated_by,
    version: Number(r.version),
  };
}

/** The activity columns of a selectActivity row. */
export function toActivity(r: Row): IntegrationActivity {
  const health = object(r.health_json);
  const lastUse = object(r.last_use_json);
  return {
    ...(health
      ? {
          health: {
            status: health.status,
            checkedAt: toDate(health.checked_at),
            changedAt: toDate(health.changed_at),
          },
        }
      : {}),
    ...(lastUse
      ? {
          lastUse: {
            lastUsedAt: toDate(lastUse.last_used_at),
            day: String(lastUse.day),
          },
        }
      : {}),
  };
}

/** A row of selectActivity(selectHydrated(...)) as a record with its activity. */
export function toDisplayRecord(r: Row): DisplayRecord {
  return { ...toRecord(r), ...toActivity(r) };
}
