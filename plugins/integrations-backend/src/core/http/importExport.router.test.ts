import request from 'supertest';
import { Knex } from 'knex';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RecordingAuditor } from '../../__testUtils__/recorders';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  testConfig,
  userHeader,
} from '../../__testUtils__/testBackend';

jest.setTimeout(120_000);

const CANARY = 'canary-import-5d2e-do-not-leak';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TABLES = [
  'integration_events',
  'integration_credentials',
  'integration_projects',
  'integration_urls',
  'integrations',
];
const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

describe.each(databases.eachSupportedId())(
  'Import and export on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let output: ReturnType<typeof captureOutput>;
    let decide: (permission: string) => PolicyDecision = () => ALLOW;
    const auditor = new RecordingAuditor();
    const permissions = {
      authorize: async (requests: any[]) =>
        requests.map(r => decide(r.permission.name)),
      authorizeConditional: async (requests: any[]) =>
        requests.map(r => decide(r.permission.name)),
    } as unknown as PermissionsService;
    const auth = { Authorization: userHeader('user:default/alice') };
    const api = () => request(backend.server);
    const importRows = (rows: unknown[], query = '') =>
      api()
        .post(`/api/integrations/integrations/import${query}`)
        .set(auth)
        .send({ integrations: rows });
    const row = (name: string, overrides: Record<string, unknown> = {}) =>
      integrationBody({ name, ...overrides }, CANARY);
    const count = async (table = 'integrations') =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    const names = (res: request.Response) =>
      res.body.items.map((i: any) => i.name);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const config = testConfig() as any;
      config.integrationsHub.permissions = { decisionReuseMs: 0 };
      backend = await startIntegrationsBackend({
        knex,
        permissions,
        config,
        features: [
          createServiceFactory({
            service: coreServices.auditor,
            deps: {},
            factory: () => auditor,
          }),
        ],
      });
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });
    beforeEach(async () => {
      for (const table of TABLES) await knex(table).delete();
      decide = () => ALLOW;
      auditor.events.length = 0;
      output = captureOutput();
    });
    afterEach(() => {
      const logged = output.text();
      output.restore();
      // Every test doubles as a log leak check.
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(CANARY);
    });

    describe('expiry filters', () => {
      beforeEach(async () => {
        const rows = [
          row('Soon', {
            credentials: [
              { key: 'A', value: CANARY, expiresAt: inDays(5) },
              { key: 'B', value: CANARY, expiresAt: inDays(400) },
            ],
          }),
          row('Later', {
            credentials: [{ key: 'A', value: CANARY, expiresAt: inDays(60) }],
          }),
          row('Expired', {
            credentials: [{ key: 'A', value: CANARY, expiresAt: inDays(-2) }],
          }),
          row('Both', {
            type: 'telephony',
            credentials: [
              { key: 'A', value: CANARY, expiresAt: inDays(-1) },
              { key: 'B', value: CANARY, expiresAt: inDays(3) },
            ],
          }),
          row('Never', {
            credentials: [{ key: 'A', value: CANARY }],
          }),
        ];
        const res = await importRows(rows);
        if (res.status !== 201) throw new Error(`import: ${res.status}`);
      });
      const list = (query: string) =>
        api().get(`/api/integrations/integrations?${query}`).set(auth);

      it('lists integrations with a credential expiring within N days', async () => {
        expect(names(await list('expiresWithinDays=7'))).toEqual([
          'Both',
          'Soon',
        ]);
        expect(names(await list('expiresWithinDays=90'))).toEqual([
          'Both',
          'Later',
          'Soon',
        ]);
      });

      it('lists integrations with an expired credential', async () => {
        expect(names(await list('expired=true'))).toEqual(['Both', 'Expired']);
        expect(names(await list('expired=false'))).toHaveLength(5);
      });

      it('combines with the other filters and with paging', async () => {
        expect(names(await list('expired=true&expiresWithinDays=7'))).toEqual([
          'Both',
        ]);
        expect(names(await list('expiresWithinDays=90&type=ai'))).toEqual([
          'Later',
          'Soon',
        ]);
        expect(names(await list('expiresWithinDays=90&q=soo'))).toEqual([
          'Soon',
        ]);
        const first = await list('expiresWithinDays=90&limit=2');
        expect(names(first)).toEqual(['Both', 'Later']);
        expect(first.body.totalCount).toBe(3);
        const next = await list(
          `expiresWithinDays=90&limit=2&cursor=${first.body.nextCursor}`,
        );
        expect(names(next)).toEqual(['Soon']);
      });

      it('applies a conditional read decision too', async () => {
        await knex('integrations')
          .where({ name: 'Soon' })
          .update({ owner: 'group:default/voice' });
        decide = name =>
          name === 'integrations.integration.read'
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'integrations',
                resourceType: 'integration',
                conditions: {
                  rule: 'IS_OWNER',
                  resourceType: 'integration',
                  params: { claims: ['group:default/voice'] },
                },
              }
            : ALLOW;
        expect(names(await list('expiresWithinDays=90'))).toEqual(['Soon']);
      });

      it.each([
        ['expiresWithinDays=0', 'expiresWithinDays'],
        ['expiresWithinDays=3651', 'expiresWithinDays'],
        ['expiresWithinDays=soon', 'expiresWithinDays'],
        ['expired=maybe', 'expired'],
      ])('answers %s with 400 naming the parameter', async (query, name) => {
        const res = await list(query);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(name);
      });
    });

    describe('import', () => {
      it('creates every row in one go, sealed and never echoed', async () => {
        const res = await importRows([
          row('Alpha'),
          row('Beta', { projects: ['component:default/billing'] }),
        ]);
        expect(res.status).toBe(201);
        expect(res.body.created.map((c: any) => c.name)).toEqual([
          'Alpha',
          'Beta',
        ]);
        expect(JSON.stringify(res.body)).not.toContain(CANARY);
        const stored = await knex('integration_credentials').select(
          'ciphertext',
        );
        expect(stored).toHaveLength(4);
        expect(JSON.stringify(stored)).not.toContain(CANARY);
        // Created as create would: history, and the value opens again.
        const [alpha] = res.body.created;
        const events = await api()
          .get(`/api/integrations/integrations/${alpha.id}/events`)
          .set(auth);
        expect(events.body.items.map((e: any) => e.action)).toEqual([
          'created',
        ]);
        const revealed = await api()
          .post(
            `/api/integrations/integrations/${alpha.id}/credentials/API_KEY/reveal`,
          )
          .set(auth);
        expect(revealed.body.value).toBe(CANARY);
        // One audit event for the import.
        const audits = auditor.events.filter(
          e => e.eventId === 'import-integrations',
        );
        expect(audits).toHaveLength(1);
        expect(audits[0].outcome).toBe('succeeded');
        expect(
          JSON.stringify(auditor.events.map(({ request: _, ...e }) => e)),
        ).not.toContain(CANARY);
      });

      it('allows names that already exist, as create does', async () => {
        await importRows([row('Same')]);
        const res = await importRows([row('Same'), row('Same')]);
        expect(res.status).toBe(201);
        expect(await count()).toBe(3);
      });

      it('refuses the whole file when one row is bad, naming every bad row', async () => {
        await importRows([row('Existing')]);
        const before = await count();
        const rows = [
          row('One'),
          row('Two'),
          row('Three'),
          row('Four', { urls: [{ url: 'ftp://nope' }] }),
          row('Five', {
            type: 'unknown-type',
            credentials: [{ key: 'K', value: CANARY, expiresAt: '2027-01-01' }],
          }),
        ];
        const res = await importRows(rows);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(
          'rows[3].urls[0].url: must be an absolute http(s) URL',
        );
        expect(res.body.error.details).toEqual([
          {
            index: 3,
            field: 'urls[0].url',
            message: 'must be an absolute http(s) URL',
          },
          {
            index: 4,
            field: 'credentials[0].expiresAt',
            message: 'must be an ISO 8601 date-time like 2027-01-31T00:00:00Z',
          },
          {
            index: 4,
            field: 'type',
            message:
              'unknown type; configured types are ai, telephony, payments',
          },
        ]);
        expect(JSON.stringify(res.body)).not.toContain(CANARY);
        expect(await count()).toBe(before);
        expect(await count('integration_credentials')).toBe(2);
      });

      it('previews every row with its errors on a dry run and writes nothing', async () => {
        const res = await importRows(
          [
            row('Good'),
            { name: 'No type', urls: [], projects: [], credentials: [] },
            row('Bad key', {
              credentials: [{ key: '1bad', value: CANARY }],
            }),
          ],
          '?dryRun=true',
        );
        expect(res.status).toBe(200);
        expect(res.body.rows).toEqual([
          { index: 0, name: 'Good', errors: [] },
          {
            index: 1,
            name: 'No type',
            errors: [{ field: 'type', message: 'is required' }],
          },
          {
            index: 2,
            name: 'Bad key',
            errors: [
              {
                field: 'credentials[0].key',
                message:
                  'must start with a letter or _ and use only letters, digits, _ . -',
              },
            ],
          },
        ]);
        expect(JSON.stringify(res.body)).not.toContain(CANARY);
        expect(await count()).toBe(0);
      });

      it('refuses without the create permission', async () => {
        decide = name =>
          name === 'integrations.integration.create' ? DENY : ALLOW;
        const res = await importRows([row('Alpha')]);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'integrations.integration.create',
        );
        expect(await count()).toBe(0);
      });

      it('refuses when a project named may not be assigned', async () => {
        decide = name =>
          name === 'integrations.project.assign' ? DENY : ALLOW;
        const res = await importRows([
          row('Alpha', { projects: [] }),
          row('Beta', { projects: ['component:default/billing'] }),
        ]);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'integrations.project.assign for component:default/billing',
        );
        expect(await count()).toBe(0);
      });

      it('answers 400 for an empty or oversized file', async () => {
        expect((await importRows([])).status).toBe(400);
        const many = Array.from({ length: 1001 }, (_, i) => row(`R${i}`));
        const res = await importRows(many);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('integrations');
      });
    });

    describe('export', () => {
      beforeEach(async () => {
        await importRows([
          row('=HYPERLINK("http://evil")', {
            description: 'says "hi", twice',
            credentials: [
              { key: 'API_KEY', value: CANARY, expiresAt: inDays(3) },
              { key: 'ORG', value: CANARY },
            ],
          }),
          row('Plain', {
            type: 'telephony',
            owner: 'group:default/voice',
            projects: ['component:default/a', 'component:default/b'],
          }),
        ]);
      });
      const exportAs = (query: string) =>
        api().get(`/api/integrations/integrations/export?${query}`).set(auth);

      it('exports JSON without values', async () => {
        const res = await exportAs('format=json');
        expect(res.status).toBe(200);
        expect(res.headers['content-disposition']).toMatch(
          /^attachment; filename="integrations-\d{4}-\d\d-\d\d\.json"$/,
        );
        expect(res.headers['x-export-truncated']).toBe('false');
        expect(res.body.truncated).toBe(false);
        expect(res.body.items.map((i: any) => i.name)).toEqual([
          '=HYPERLINK("http://evil")',
          'Plain',
        ]);
        expect(res.body.items[1]).toMatchObject({
          type: 'telephony',
          owner: 'group:default/voice',
          projects: ['component:default/a', 'component:default/b'],
          credentials: [
            { key: 'API_KEY', rotatedAt: expect.any(String) },
            { key: 'ORG_ID', rotatedAt: expect.any(String) },
          ],
        });
        expect(JSON.stringify(res.body)).not.toContain(CANARY);
      });

      it('exports CSV with quoting, joined values and inert formulas', async () => {
        const res = await exportAs('format=csv');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expect(res.headers['content-disposition']).toMatch(/\.csv"$/);
        const lines = res.text.split('\r\n');
        expect(lines[0]).toBe(
          'name,type,owner,description,urls,projects,credentialKeys,credentialRotatedAt,credentialExpiresAt,healthStatus,lastUsedAt,credentialWriteOnly',
        );
        expect(lines[1]).toMatch(
          /^"'=HYPERLINK\(""http:\/\/evil""\)",ai,user:default\/alice,"says ""hi"", twice",https:\/\/api\.openai\.example\/v1;https:\/\/status\.openai\.example,component:default\/checkout,API_KEY;ORG,[^,]+;[^,]+,[^,;]+;,,,false;false$/,
        );
        expect(lines[2]).toContain(
          ',component:default/a;component:default/b,API_KEY;ORG_ID,',
        );
        expect(lines[3]).toBe('');
        expect(res.text).not.toContain(CANARY);
      });

      it('uses the list filters and the read permission filter', async () => {
        expect(
          (await exportAs('expiresWithinDays=7')).body.items.map(
            (i: any) => i.name,
          ),
        ).toEqual(['=HYPERLINK("http://evil")']);
        expect(
          (await exportAs('type=telephony')).body.items.map((i: any) => i.name),
        ).toEqual(['Plain']);
        decide = name =>
          name === 'integrations.integration.read'
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'integrations',
                resourceType: 'integration',
                conditions: {
                  rule: 'IS_OWNER',
                  resourceType: 'integration',
                  params: { claims: ['group:default/voice'] },
                },
              }
            : ALLOW;
        expect(
          (await exportAs('format=csv')).text.split('\r\n').filter(Boolean),
        ).toHaveLength(2);
        decide = () => DENY;
        expect((await exportAs('')).body.items).toEqual([]);
      });

      it('answers 400 for an unknown format', async () => {
        const res = await exportAs('format=xlsx');
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('format');
      });
    });
  },
);
