// The cases: what the page, the drawer and services ask the backend for.
import { encodeCursor } from '../plugins/integrations-backend/src/core/store/cursor';
import { sortNameOf } from '../plugins/integrations-backend/src/core/store/searchText';
import { EXTERNAL_TOKEN } from './backend';
import { LoadOptions } from './load';
import {
  BIG_PROJECT,
  BROAD_TERM,
  integrationAt,
  PROJECT_10,
  PROJECT_100,
  PROJECT_1000,
  RESOLVE_PROJECT,
} from './seed';

export type CaseKind = 'list' | 'read' | 'resolve' | 'write';

export interface Case {
  name: string;
  kind: CaseKind;
  write?: boolean;
  path: string;
  method?: string;
  headers: Record<string, string>;
  /** What the baseline returns is what this request returned. */
  samplePath?: string;
  sampleBody?: string;
  load(url: string): Omit<LoadOptions, 'duration'>;
  /** Runs before each load of the backend (not the baseline). */
  beforeRun?(): Promise<void>;
}

const API = '/api/integrations';

function getCase(
  name: string,
  kind: CaseKind,
  path: string,
  headers: Record<string, string>,
): Case {
  return {
    name,
    kind,
    path,
    headers,
    load: url => ({ url: `${url}${path}`, headers, connections: 10 }),
  };
}

/** The position ~90% down the sorted list, as a cursor (the id sorts first among equal names). */
function deepCursor(size: number) {
  const names = Array.from({ length: size }, (_, i) =>
    sortNameOf(integrationAt(i).name),
  );
  names.sort();
  return encodeCursor({ sortName: names[Math.floor(size * 0.9)], id: '' });
}

export async function buildCases(
  url: string,
  token: string,
  size: number,
  seeded: number,
): Promise<Case[]> {
  const user = { authorization: `Bearer ${token}` };
  const json = { ...user, 'content-type': 'application/json' };
  const probe = Math.floor(seeded * 0.42);
  const target = integrationAt(probe);
  const list = `${API}/integrations?limit=24`;

  // Ids to read and update: one page from the middle of the list.
  // (A search by vendor: a few hundred matches at every size; retried while earlier load drains.)
  const searchUrl = `${url}${API}/integrations?limit=24&q=${encodeURIComponent(
    target.name.toLowerCase().split(' ')[0],
  )}`;
  let page: any;
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(searchUrl, { headers: user });
    if (response.ok) {
      page = await response.json();
      break;
    }
    if (attempt === 5)
      throw new Error(
        `bench: ${searchUrl} answered ${
          response.status
        } ${await response.text()}`,
      );
    await new Promise(r => setTimeout(r, 2_000));
  }
  const items: Array<{ id: string; version: number }> = page.items;
  if (items.length < 10)
    throw new Error('bench: too few integrations to read and update');
  // Updates send back what they read: the same keys (no values: kept), a new name.
  const owned = await Promise.all(
    items
      .slice(0, 8)
      .map(i =>
        fetch(`${url}${API}/integrations/${i.id}`, { headers: user }).then(
          r => r.json() as Promise<any>,
        ),
      ),
  );
  const updateBody = (record: any, version: number) =>
    JSON.stringify({
      name: `Updated ${record.id.slice(0, 8)} ${version}`,
      type: record.type,
      description: record.description,
      owner: record.owner,
      urls: record.urls,
      projects: record.projects,
      credentials: record.credentials.map((c: any) => ({ key: c.key })),
      version,
    });
  // Versions as they will be after the sample request (sampleBody) is sent once.
  const versions = new Map<string, number>(
    owned.map(o => [o.id, o.id === owned[0].id ? o.version + 1 : o.version]),
  );
  const updating = new Set<string>();
  let nextRead = 0;
  let nextCreate = 5_000_000 + size;
  let nextUpdate = 0;

  const cases: Case[] = [
    // Backstage's root middleware alone (helmet, CORS, compression, request log): no plugin, no auth.
    getCase(
      'health (root router only)',
      'read',
      '/.backstage/health/v1/liveness',
      {},
    ),
    // The framework's own cost: auth, validation, logging; no database, no permission decision.
    getCase('types (framework floor)', 'read', `${API}/types`, user),
    getCase('list first page', 'list', list, user),
    getCase('type filter', 'list', `${list}&type=payments`, user),
    getCase(
      'project filter',
      'list',
      `${list}&project=${encodeURIComponent(BIG_PROJECT)}`,
      user,
    ),
    getCase(
      'search by name',
      'list',
      `${list}&q=${encodeURIComponent(
        target.name.split(' ').slice(1).join(' ').toLowerCase(),
      )}`,
      user,
    ),
    getCase(
      'search by URL fragment',
      'list',
      `${list}&q=${encodeURIComponent(`api-${probe}.`)}`,
      user,
    ),
    getCase(
      'search by credential key',
      'list',
      `${list}&q=${encodeURIComponent(`token_${probe}`)}`,
      user,
    ),
    // What a user types first: broad, and one or two characters.
    getCase(
      `broad search "${BROAD_TERM}" (10%)`,
      'list',
      `${list}&q=${BROAD_TERM}`,
      user,
    ),
    getCase('keystroke "s"', 'list', `${list}&q=s`, user),
    getCase('keystrokes "st"', 'list', `${list}&q=st`, user),
    // TOKEN_1, TOKEN_1x, TOKEN_1xx...: 1,111 keys at 10k, 11,111 at 100k.
    getCase(
      'credential-key prefix "token_1"',
      'list',
      `${list}&q=token_1`,
      user,
    ),
    getCase(
      'project with 1,000',
      'list',
      `${list}&project=${encodeURIComponent(PROJECT_1000)}`,
      user,
    ),
    getCase(
      'deep page (cursor, 90%)',
      'list',
      `${list}&cursor=${deepCursor(seeded)}`,
      user,
    ),
    {
      ...getCase('get one', 'read', `${API}/integrations/${items[0].id}`, user),
      load: base => ({
        url: base,
        headers: user,
        connections: 10,
        requests: [
          {
            setupRequest: (req: any) => ({
              ...req,
              path: `${API}/integrations/${
                items[nextRead++ % items.length].id
              }`,
            }),
          },
        ],
      }),
    },
    getCase(
      'resolve (external token)',
      'resolve',
      `${API}/resolve?project=${encodeURIComponent(RESOLVE_PROJECT)}`,
      { authorization: `Bearer ${EXTERNAL_TOKEN}` },
    ),
    getCase(
      'resolve, project of 10',
      'resolve',
      `${API}/resolve?project=${encodeURIComponent(PROJECT_10)}`,
      { authorization: `Bearer ${EXTERNAL_TOKEN}` },
    ),
    getCase(
      'resolve, project of 100',
      'resolve',
      `${API}/resolve?project=${encodeURIComponent(PROJECT_100)}`,
      { authorization: `Bearer ${EXTERNAL_TOKEN}` },
    ),
    {
      name: 'create (8 clients)',
      kind: 'write',
      write: true,
      path: `${API}/integrations`,
      method: 'POST',
      headers: json,
      sampleBody: JSON.stringify(integrationAt(4_000_000 + size)),
      load: base => ({
        url: `${base}${API}/integrations`,
        method: 'POST',
        headers: json,
        connections: 8,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: any) => ({
              ...req,
              body: JSON.stringify(integrationAt(nextCreate++)),
            }),
          },
        ],
      }),
    },
    {
      name: 'update',
      kind: 'write',
      write: true,
      path: `${API}/integrations/${owned[0].id}`,
      samplePath: `${API}/integrations/${owned[0].id}`,
      method: 'PUT',
      headers: json,
      sampleBody: updateBody(owned[0], owned[0].version),
      // A run that stops mid-request leaves its last update unseen: start from the stored versions.
      async beforeRun() {
        for (const record of owned) {
          const current = await fetch(
            `${url}${API}/integrations/${record.id}`,
            {
              headers: user,
            },
          ).then(r => r.json() as Promise<any>);
          versions.set(record.id, current.version);
        }
        updating.clear();
      },
      load: base => {
        // Each connection owns one integration and sends the version it last saw.
        return {
          url: base,
          method: 'PUT',
          headers: json,
          connections: 8,
          requests: [
            {
              method: 'PUT',
              setupRequest: (req: any, context: any) => {
                // autocannon resets the context after every request: take a record nobody is updating.
                const record =
                  owned.find(o => !updating.has(o.id)) ??
                  owned[nextUpdate++ % owned.length];
                updating.add(record.id);
                context.record = record;
                return {
                  ...req,
                  path: `${API}/integrations/${record.id}`,
                  body: updateBody(record, versions.get(record.id)!),
                };
              },
              onResponse: (status: number, body: string, context: any) => {
                updating.delete(context.record?.id);
                // The baseline answers every request with the sample (owned[0]): never go back.
                if (status !== 200) return;
                const updated = JSON.parse(body);
                if (updated.version > (versions.get(updated.id) ?? 0))
                  versions.set(updated.id, updated.version);
              },
            },
          ],
        };
      },
    },
  ];
  return cases;
}

/** Search as typed: growing prefixes of names, URLs and keys, each a different query. */
export function searchKeystrokes() {
  const words = [
    'st',
    'str',
    'stri',
    'stripe',
    'stripe c',
    'stripe ch',
    'api-1',
    'api-12',
    'api-123',
    'token_',
    'token_7',
    'token_77',
    'twil',
    'twilio b',
    'billing 9',
    'status.ad',
  ];
  let n = 0;
  return (req: any) => ({
    ...req,
    path: `${API}/integrations?limit=24&q=${encodeURIComponent(
      words[n++ % words.length],
    )}`,
  });
}
