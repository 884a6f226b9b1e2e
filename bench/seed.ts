/* eslint-disable no-console */
// The data set: deterministic by index, so every size has the same shape and
// the search cases match about the same few rows at 10k, 100k and 1M.
import { randomUUID } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { Keyring } from '../plugins/integrations-backend/src/core/crypto/keyring';
import { CredentialOpener } from '../plugins/integrations-backend/src/core/crypto/CredentialOpener';
import { DataKeys } from '../plugins/integrations-backend/src/core/crypto/DataKeys';
import { KeyProviders } from '../plugins/integrations-backend/src/core/crypto/keyProviders';
import { KeyringKeyProvider } from '../plugins/integrations-backend/src/core/crypto/keyringProvider';
import { DataKeysStore } from '../plugins/integrations-backend/src/core/store/DataKeysStore';
import {
  searchTextOf,
  sortNameOf,
} from '../plugins/integrations-backend/src/core/store/searchText';
import path from 'node:path';
import { Database, DEV_KEY, TYPES } from './backend';

const VENDORS = [
  'Stripe',
  'Twilio',
  'OpenAI',
  'Sendgrid',
  'Datadog',
  'Adyen',
  'Vonage',
  'Mistral',
  'Postmark',
  'Grafana',
  'Klarna',
  'Plivo',
  'Cohere',
  'Mailgun',
  'Sentry',
  'PayPal',
];
const USES = [
  'Checkout',
  'Billing',
  'Alerts',
  'Search',
  'Voice',
  'Reports',
  'Signup',
  'Support',
  'Payouts',
  'Fraud',
];

/** A large project: every 10th integration, for the project filter case. */
export const BIG_PROJECT = 'system:default/platform';
/** A project with 4 integrations (2 credentials each), for resolve. */
export const RESOLVE_PROJECT = 'component:default/svc-42';
/** Projects of fixed size at every table size (from 10k up): 1,000, 100 and 10 integrations. */
export const PROJECT_1000 = 'system:default/payments-core';
export const PROJECT_100 = 'component:default/checkout-api';
export const PROJECT_10 = 'component:default/fraud-score';
/** A search term in the name of 10% of the integrations (one of USES). */
export const BROAD_TERM = 'billing';

export function integrationAt(i: number) {
  const vendor = VENDORS[i % VENDORS.length];
  const name = `${vendor} ${
    USES[Math.floor(i / VENDORS.length) % USES.length]
  } ${i}`;
  const projects = [`component:default/svc-${Math.floor(i / 4)}`];
  if (i % 10 === 0) projects.push(BIG_PROJECT);
  // Spread over the first 10,000 rows, so these projects keep their size as the table grows.
  if (i < 10_000 && i % 10 === 1) projects.push(PROJECT_1000);
  if (i < 10_000 && i % 100 === 3) projects.push(PROJECT_100);
  if (i < 10_000 && i % 1000 === 5) projects.push(PROJECT_10);
  return {
    name,
    type: TYPES[i % TYPES.length],
    description: `Bench integration ${i}`,
    owner: `group:default/team-${i % 20}`,
    urls: [
      { url: `https://api-${i}.${vendor.toLowerCase()}.example/v1` },
      { url: `https://status.${vendor.toLowerCase()}.example/${i}` },
    ],
    projects,
    credentials: [
      { key: 'API_KEY', value: `bench-secret-${i}-a` },
      { key: `TOKEN_${i}`, value: `bench-secret-${i}-b` },
    ],
  };
}

/** Creates integrations [from, to) through the HTTP API with `parallel` requests in flight. */
export async function seedThroughApi(
  url: string,
  token: string,
  from: number,
  to: number,
  parallel = 16,
) {
  let next = from;
  let done = 0;
  const started = Date.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= to) return;
      const res = await fetch(`${url}/api/integrations/integrations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(integrationAt(i)),
      });
      if (res.status !== 201)
        throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      done += 1;
      if (done % 10_000 === 0)
        console.log(
          `[bench]   ${from + done} created (${Math.round(
            done / ((Date.now() - started) / 1000),
          )}/s)`,
        );
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return (to - from) / ((Date.now() - started) / 1000);
}

/**
 * The documented bulk path for 1M rows: multi-row INSERTs straight into the
 * plugin's tables, with values sealed as the plugin seals them (under a data
 * key wrapped by the keyring, so the backend's upkeep task has nothing to move
 * while the bench measures) and the search columns computed by the store's own
 * functions. Through the API 1M creates would take about an hour on two cores.
 */
export async function seedBulk(db: Knex, from: number, to: number) {
  const keyring = new Keyring([
    { id: DEV_KEY.id, secret: Buffer.from(DEV_KEY.secret, 'base64') },
  ]);
  const logger = {
    error: console.error,
    warn: console.warn,
    info: () => {},
    debug: () => {},
    child() {
      return this;
    },
  };
  const opener = new CredentialOpener(
    new DataKeys({
      store: new DataKeysStore(db),
      providers: new KeyProviders([new KeyringKeyProvider(keyring)], 'keyring'),
      logger,
      cacheMs: 60 * 60_000,
    }),
    logger,
  );
  const seal = await opener.sealer();
  const now = new Date();
  const started = Date.now();
  const BATCH = 1000;
  const rowsPerInsert = db.client.config.client === 'pg' ? BATCH * 2 : 400;
  for (let start = from; start < to; start += BATCH) {
    const integrations: any[] = [];
    const urls: any[] = [];
    const projects: any[] = [];
    const credentials: any[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) {
      const input = integrationAt(i);
      const id = randomUUID();
      integrations.push({
        id,
        name: input.name,
        type: input.type,
        description: input.description,
        owner: input.owner,
        sort_name: sortNameOf(input.name),
        search_text: searchTextOf({
          name: input.name,
          urls: input.urls,
          keys: input.credentials.map(c => c.key),
        }),
        created_at: now,
        created_by: 'user:default/bench',
        updated_at: now,
        updated_by: 'user:default/bench',
        version: 1,
      });
      input.urls.forEach((u, position) =>
        urls.push({ integration_id: id, position, url: u.url, label: null }),
      );
      for (const entity_ref of input.projects)
        projects.push({
          integration_id: id,
          sort_name: sortNameOf(input.name),
          entity_ref,
          assigned_at: now,
          assigned_by: 'user:default/bench',
        });
      for (const c of input.credentials) {
        const { ciphertext, keyId } = seal(id, c.key, c.value);
        credentials.push({
          integration_id: id,
          key: c.key,
          ciphertext,
          key_id: keyId,
          created_at: now,
          rotated_at: now,
          version: 1,
        });
      }
    }
    await db.transaction(async tx => {
      for (const [table, rows] of [
        ['integrations', integrations],
        ['integration_urls', urls],
        ['integration_projects', projects],
        ['integration_credentials', credentials],
      ] as const) {
        // SQLite allows at most 500 rows in one multi-row INSERT (a compound SELECT).
        for (let i = 0; i < rows.length; i += rowsPerInsert)
          await tx(table).insert(rows.slice(i, i + rowsPerInsert));
      }
    });
    if ((start - from) % 100_000 === 0 && start > from)
      console.log(
        `[bench]   ${start} rows (${Math.round(
          (start - from) / ((Date.now() - started) / 1000),
        )}/s)`,
      );
  }
}

/** The plugin's own database, beside the running backend. */
export function integrationsDb(db: Database, connections = 2): Knex {
  if (db.kind === 'pg') return pgAdmin(`${db.prefix}integrations`, connections);
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(db.sqliteDir, 'integrations.sqlite') },
    useNullAsDefault: true,
  });
}

export function pgAdmin(database = 'postgres', connections = 2) {
  return knexFactory({
    client: 'pg',
    connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database },
    pool: { min: 0, max: connections },
  });
}
