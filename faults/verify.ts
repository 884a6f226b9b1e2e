// What a drill checks after the fault: every acknowledged write there exactly
// once and whole, nothing half done, values that resolve to what was sent,
// and no secret in an error body or a log.
import fs from 'node:fs';
import { Knex } from 'knex';
import {
  API,
  integrationBody,
  isOk,
  Outcome,
  projectOf,
  Recorder,
  Target,
} from './traffic';
import { headersFor } from './replicas';

export interface Write {
  tag: string;
  i: number;
  outcome: Outcome;
}

export interface WriteCheck {
  acknowledged: number;
  /** Acknowledged and stored exactly once, whole, with the values sent. */
  acknowledgedPresent: number;
  missing: number;
  duplicated: number;
  /** Integrations of the drill stored without all their URLs, credentials or project. */
  halfDone: number;
  /** Writes answered 5xx, timed out or cut off: stored whole (their commit won) or absent. */
  unacknowledged: number;
  unacknowledgedApplied: number;
  unacknowledgedPartial: number;
  valuesChecked: number;
  valuesWrong: number;
}

interface StoredRow {
  id: string;
  name: string;
  urls: number;
  credentials: number;
  projects: number;
}

/** The drill's integrations as stored, with how many URLs, credentials and projects each has. */
async function storedRows(db: Knex, tags: string[]): Promise<StoredRow[]> {
  const count = (table: string) =>
    db(table)
      .count('*')
      .where(`${table}.integration_id`, db.ref('integrations.id'))
      .as(table);
  const rows = await db('integrations')
    .select(
      'id',
      'name',
      count('integration_urls'),
      count('integration_credentials'),
      count('integration_projects'),
    )
    .where(q => {
      for (const tag of tags) q.orWhere('name', 'like', `fault ${tag} %`);
    });
  return rows.map((r: any) => ({
    id: r.id,
    name: r.name,
    urls: Number(r.integration_urls),
    credentials: Number(r.integration_credentials),
    projects: Number(r.integration_projects),
  }));
}

const whole = (r: StoredRow) =>
  r.urls === 2 && r.credentials === 2 && r.projects === 1;

/** Resolves a write's project and compares URLs and values with what was sent. */
export async function resolvesAsSent(
  recorder: Recorder,
  target: Target,
  write: { tag: string; i: number },
): Promise<boolean> {
  const sent = integrationBody(write.tag, write.i);
  const answer = await recorder.send(
    'resolve',
    target,
    `${API}/resolve?project=${encodeURIComponent(
      projectOf(write.tag, write.i),
    )}`,
    { headers: headersFor.resolver },
  );
  const items = answer.json?.integrations ?? [];
  if (!isOk(answer.outcome) || items.length !== 1) return false;
  const [item] = items;
  const got = item.credentials ?? {};
  return (
    JSON.stringify(item.urls.map((u: any) => u.url)) ===
      JSON.stringify(sent.urls.map(u => u.url)) &&
    Object.keys(got).length === sent.credentials.length &&
    sent.credentials.every(c => got[c.key] === c.value)
  );
}

export async function checkWrites(options: {
  db: Knex;
  writes: Write[];
  recorder: Recorder;
  /** A live replica to resolve the stored values through. */
  target: Target;
}): Promise<WriteCheck> {
  const { db, writes, recorder, target } = options;
  const tags = [...new Set(writes.map(w => w.tag))];
  const rows = tags.length ? await storedRows(db, tags) : [];
  const byName = new Map<string, StoredRow[]>();
  for (const row of rows)
    byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const result: WriteCheck = {
    acknowledged: 0,
    acknowledgedPresent: 0,
    missing: 0,
    duplicated: 0,
    halfDone: rows.filter(r => !whole(r)).length,
    unacknowledged: 0,
    unacknowledgedApplied: 0,
    unacknowledgedPartial: 0,
    valuesChecked: 0,
    valuesWrong: 0,
  };
  for (const write of writes) {
    const stored = byName.get(integrationBody(write.tag, write.i).name) ?? [];
    // A create the API refused (4xx) is not a write; it must not be stored either.
    const acknowledged = isOk(write.outcome);
    if (acknowledged) {
      result.acknowledged += 1;
      if (stored.length === 0) result.missing += 1;
      if (stored.length > 1) result.duplicated += 1;
    } else {
      result.unacknowledged += 1;
      if (stored.length > 0) result.unacknowledgedApplied += 1;
      if (stored.some(r => !whole(r))) result.unacknowledgedPartial += 1;
    }
    if (stored.length === 1 && whole(stored[0])) {
      result.valuesChecked += 1;
      const ok = await resolvesAsSent(recorder, target, write);
      if (!ok) result.valuesWrong += 1;
      else if (acknowledged) result.acknowledgedPresent += 1;
    }
  }
  return result;
}

export interface SecretScan {
  /** Error bodies and log files that contain any of the secrets. */
  found: number;
  where: string[];
}

/** Greps error bodies and logs for the canary value prefix, key secrets and tokens. */
export function scanForSecrets(
  secrets: string[],
  errorBodies: string[],
  logFiles: string[],
): SecretScan {
  const where: string[] = [];
  const hit = (text: string) => secrets.find(s => s && text.includes(s));
  errorBodies.forEach((body, index) => {
    const secret = hit(body);
    if (secret) where.push(`error body #${index} (${secret.slice(0, 12)}…)`);
  });
  for (const file of new Set(logFiles)) {
    if (!fs.existsSync(file)) continue;
    const secret = hit(fs.readFileSync(file, 'utf8'));
    if (secret) where.push(`${file} (${secret.slice(0, 12)}…)`);
  }
  return { found: where.length, where };
}
