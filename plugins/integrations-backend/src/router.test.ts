import request from 'supertest';
import { Knex } from 'knex';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const CANARY = 'canary-7b1e-do-not-leak';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TABLES = [
  'integration_events',
  'integration_credentials',
  'integration_projects',
  'integration_urls',
  'integrations',
];

describe.each(databases.eachSupportedId())(
  'Integrations API on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let output: ReturnType<typeof captureOutput>;
    const auth = { Authorization: userHeader('user:default/alice') };
    const api = () => request(backend.server);
    const create = (overrides = {}) =>
      api()
        .post('/api/integrations/integrations')
        .set(auth)
        .send(integrationBody(overrides, CANARY));

    const rowCounts = async () =>
      Object.fromEntries(
        await Promise.all(
          TABLES.map(
            async t =>
              [t, Number((await knex(t).count({ n: '*' }))[0].n)] as const,
          ),
        ),
      );

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({ knex });
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });
    beforeEach(async () => {
      for (const table of TABLES) await knex(table).delete();
      output = captureOutput();
    });
    afterEach(() => {
      const logged = output.text();
      output.restore();
      // Every test doubles as a log leak check.
      // eslint-disable-next-line jest/no-standalone-expect
      expect(logged).not.toContain(CANARY);
    });

    it('refuses unauthenticated callers', async () => {
      const res = await api().get('/api/integrations/integrations');
      expect(res.status).toBe(401);
    });

    it('lists the configured types', async () => {
      const res = await api().get('/api/integrations/types').set(auth);
      expect(res.status).toBe(200);
      expect(res.body.items.map((t: any) => t.id)).toEqual([
        'ai',
        'telephony',
        'payments',
      ]);
    });

    it('creates, reads, lists, updates and deletes an integration', async () => {
      const created = await create();
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'OpenAI',
        type: 'ai',
        owner: 'user:default/alice',
        createdBy: 'user:default/alice',
        version: 1,
        projects: ['component:default/checkout'],
        urls: [
          { url: 'https://api.openai.example/v1', label: 'API' },
          { url: 'https://status.openai.example' },
        ],
      });
      expect(
        created.body.credentials.map((c: any) => [
          c.key,
          c.hasValue,
          c.rotationState,
        ]),
      ).toEqual([
        ['API_KEY', true, 'ok'],
        ['ORG_ID', true, 'ok'],
      ]);
      const id = created.body.id;

      const got = await api()
        .get(`/api/integrations/integrations/${id}`)
        .set(auth);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);

      const list = await api().get('/api/integrations/integrations').set(auth);
      expect(list.body).toMatchObject({
        totalCount: 1,
        typeCounts: { ai: 1 },
        limit: 50,
      });

      const updated = await api()
        .put(`/api/integrations/integrations/${id}`)
        .set(auth)
        .send({
          ...integrationBody({ name: 'OpenAI prod' }),
          version: 1,
          credentials: [{ key: 'API_KEY' }],
        });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'OpenAI prod', version: 2 });

      const deleted = await api()
        .delete(`/api/integrations/integrations/${id}`)
        .set(auth);
      expect(deleted.status).toBe(204);
      expect(
        (await api().get(`/api/integrations/integrations/${id}`).set(auth))
          .status,
      ).toBe(404);
      for (const body of [created.body, got.body, list.body, updated.body]) {
        expect(JSON.stringify(body)).not.toContain(CANARY);
      }
    });

    it('filters by type, search text and project, with facet counts', async () => {
      await create({
        name: 'Twilio',
        type: 'telephony',
        urls: [{ url: 'https://api.twilio.example' }],
        credentials: [{ key: 'AUTH_TOKEN', value: CANARY }],
        projects: ['component:default/call-router'],
      });
      await create({
        name: 'Stripe',
        type: 'payments',
        urls: [{ url: 'https://api.stripe.example/v1' }],
        credentials: [{ key: 'SECRET_KEY', value: CANARY }],
      });
      await create({
        name: 'Anthropic',
        type: 'ai',
        urls: [{ url: 'https://api.llm.example' }],
        credentials: [{ key: 'API_KEY', value: CANARY }],
      });
      const names = async (query: string) => {
        const res = await api()
          .get(`/api/integrations/integrations?${query}`)
          .set(auth);
        expect(res.status).toBe(200);
        return { names: res.body.items.map((i: any) => i.name), res };
      };

      expect((await names('type=ai')).names).toEqual(['Anthropic']);
      const multi = await names('type=ai&type=payments');
      expect(multi.names).toEqual(['Anthropic', 'Stripe']);
      expect(multi.res.body.typeCounts).toEqual({
        ai: 1,
        payments: 1,
        telephony: 1,
      });
      expect((await names('q=twil')).names).toEqual(['Twilio']); // name
      expect((await names('q=STRIPE.example')).names).toEqual(['Stripe']); // URL, any case
      expect((await names('q=secret_key')).names).toEqual(['Stripe']); // credential key
      expect((await names(`q=${CANARY}`)).names).toEqual([]); // never a value
      expect((await names('q=%25')).names).toEqual([]); // LIKE wildcards are literal
      expect(
        (await names('project=component:default/call-router')).names,
      ).toEqual(['Twilio']);
      const first = await names('limit=2');
      expect(first.res.body).not.toHaveProperty('offset');
      const paged = await names(`limit=2&cursor=${first.res.body.nextCursor}`);
      expect(paged.names).toEqual(['Twilio']);
      expect(paged.res.body.totalCount).toBe(3);
      expect(paged.res.body.nextCursor).toBeUndefined();
    });

    it('answers 409 to a stale version and changes nothing', async () => {
      const { body } = await create();
      const first = await api()
        .put(`/api/integrations/integrations/${body.id}`)
        .set(auth)
        .send({
          ...integrationBody({ name: 'First' }),
          version: 1,
          credentials: [{ key: 'API_KEY' }],
        });
      expect(first.status).toBe(200);
      const before = await rowCounts();
      const stale = await api()
        .put(`/api/integrations/integrations/${body.id}`)
        .set(auth)
        .send({
          ...integrationBody({ name: 'Second' }),
          version: 1,
          credentials: [],
        });
      expect(stale.status).toBe(409);
      expect(stale.body.error.name).toBe('ConflictError');
      const after = await api()
        .get(`/api/integrations/integrations/${body.id}`)
        .set(auth);
      expect(after.body).toMatchObject({ name: 'First', version: 2 });
      expect(after.body.credentials.map((c: any) => c.key)).toEqual([
        'API_KEY',
      ]);
      expect(await rowCounts()).toEqual(before);
    });

    it('keeps a credential sent without a value, rotates one sent with a value, removes one left out', async () => {
      const { body } = await create({
        credentials: [
          { key: 'KEEP', value: 'keep-me' },
          { key: 'ROTATE', value: 'old' },
          { key: 'DROP', value: 'bye' },
        ],
      });
      const stored = async (key: string) =>
        knex('integration_credentials')
          .where({ integration_id: body.id, key })
          .first();
      const rotateBefore = await stored('ROTATE');
      const keepBefore = await stored('KEEP');
      await new Promise(r => setTimeout(r, 20));

      const res = await api()
        .put(`/api/integrations/integrations/${body.id}`)
        .set(auth)
        .send({
          ...integrationBody(),
          version: 1,
          credentials: [{ key: 'KEEP' }, { key: 'ROTATE', value: 'new-value' }],
        });
      expect(res.status).toBe(200);
      expect(res.body.credentials.map((c: any) => c.key)).toEqual([
        'KEEP',
        'ROTATE',
      ]);
      expect((await stored('KEEP')).ciphertext).toBe(keepBefore.ciphertext);
      expect((await stored('ROTATE')).ciphertext).not.toBe(
        rotateBefore.ciphertext,
      );
      expect(await stored('DROP')).toBeUndefined();
      const rotated = res.body.credentials.find((c: any) => c.key === 'ROTATE');
      const kept = res.body.credentials.find((c: any) => c.key === 'KEEP');
      expect(new Date(rotated.rotatedAt).getTime()).toBeGreaterThan(
        new Date(kept.rotatedAt).getTime(),
      );

      const reveal = (key: string) =>
        api()
          .post(
            `/api/integrations/integrations/${body.id}/credentials/${key}/reveal`,
          )
          .set(auth);
      expect((await reveal('KEEP')).body).toEqual({
        key: 'KEEP',
        value: 'keep-me',
      });
      expect((await reveal('ROTATE')).body).toEqual({
        key: 'ROTATE',
        value: 'new-value',
      });
      expect((await reveal('DROP')).status).toBe(404);
    });

    it('stores secret values only as AES-256-GCM ciphertext under a data key the keyring wraps', async () => {
      const { body } = await create();
      const rows = await knex('integration_credentials').where({
        integration_id: body.id,
      });
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.ciphertext).toMatch(/^v2\.[0-9a-f-]{36}\./);
        expect(row.ciphertext.split('.')[1]).toBe(row.key_id);
        // Only wrapped: the data key's row names its provider and KEK.
        expect(
          await knex('integration_data_keys').where({ id: row.key_id }),
        ).toEqual([
          expect.objectContaining({
            provider: 'keyring',
            kek_id: 'test-key-1',
            wrapped: expect.stringMatching(/^v1\.test-key-1\./),
          }),
        ]);
      }
      const everything = JSON.stringify(
        await Promise.all(
          [...TABLES, 'integration_data_keys'].map(t => knex(t).select()),
        ),
      );
      expect(everything).not.toContain(CANARY);
      const reveal = await api()
        .post(
          `/api/integrations/integrations/${body.id}/credentials/API_KEY/reveal`,
        )
        .set(auth);
      expect(reveal.body.value).toBe(CANARY);
      expect(reveal.headers['cache-control']).toBe('no-store');
    });

    it('detects a tampered ciphertext instead of returning garbage', async () => {
      const { body } = await create();
      const row = await knex('integration_credentials')
        .where({ integration_id: body.id, key: 'API_KEY' })
        .first();
      const parts = row.ciphertext.split('.');
      parts[4] = Buffer.from('tampered').toString('base64url');
      await knex('integration_credentials')
        .where({ integration_id: body.id, key: 'API_KEY' })
        .update({ ciphertext: parts.join('.') });
      const res = await api()
        .post(
          `/api/integrations/integrations/${body.id}/credentials/API_KEY/reveal`,
        )
        .set(auth);
      expect(res.status).toBe(500);
      expect(res.body.error.message).toMatch(/could not be decrypted/);
      // Proves log capture works, so the canary check after each test means something.
      expect(output.text()).toMatch(
        /Credential "API_KEY" of integration .* could not be decrypted/,
      );
    });

    const badInputs: Array<[string, Record<string, unknown>, RegExp]> = [
      ['missing name', { name: undefined }, /name: is required/],
      ['blank name', { name: '   ' }, /name: is required/],
      [
        'unknown type',
        { type: 'fax' },
        /type: unknown type; configured types are ai, telephony, payments/,
      ],
      [
        'malformed URL',
        { urls: [{ url: 'not a url' }] },
        /urls\[0\]\.url: must be an absolute http\(s\) URL/,
      ],
      [
        'javascript URL',
        // eslint-disable-next-line no-script-url
        { urls: [{ url: 'javascript:alert(1)' }] },
        /urls\[0\]\.url/,
      ],
      [
        'duplicate credential key',
        {
          credentials: [
            { key: 'A', value: '1' },
            { key: 'A', value: '2' },
          ],
        },
        /credentials\[1\]\.key: duplicate credential key "A"/,
      ],
      [
        'credential without value',
        { credentials: [{ key: 'A' }] },
        /credentials\[0\]\.value: is required/,
      ],
      [
        'bad entity ref',
        { projects: ['checkout'] },
        /projects\[0\]: must be an entity ref/,
      ],
      [
        'owner not a user or group',
        { owner: 'component:default/x' },
        /owner: must be a user or group/,
      ],
      [
        'overlap window over a week',
        { credentials: [{ key: 'A', value: '1', overlapMinutes: 10081 }] },
        /credentials\[0\]\.overlapMinutes/,
      ],
      ['wrong JSON type', { urls: 'https://x.example' }, /urls: /],
      ['unknown field', { colour: 'red' }, /unknown field\(s\) colour/],
      [
        'oversize value',
        { credentials: [{ key: 'A', value: 'x'.repeat(20_000) }] },
        /credentials\[0\]\.value/,
      ],
    ];

    it.each(badInputs)(
      'rejects %s with a 400 naming the field and writes nothing',
      async (_, overrides, message) => {
        const before = await rowCounts();
        const res = await api()
          .post('/api/integrations/integrations')
          .set(auth)
          .send(integrationBody(overrides, CANARY));
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(JSON.stringify(res.body)).not.toContain(CANARY);
        expect(await rowCounts()).toEqual(before);
      },
    );

    it('rejects malformed JSON and oversize bodies without a 500', async () => {
      const malformed = await api()
        .post('/api/integrations/integrations')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send('{"name":');
      expect(malformed.status).toBe(400);
      const huge = await api()
        .post('/api/integrations/integrations')
        .set(auth)
        .send(integrationBody({ description: 'x'.repeat(300_000) }));
      expect(huge.status).toBe(413);
      const badQuery = await api()
        .get('/api/integrations/integrations?limit=abc')
        .set(auth);
      expect(badQuery.status).toBe(400);
      expect(badQuery.body.error.message).toMatch(/limit: expected an integer/);
      expect(await rowCounts()).toMatchObject({ integrations: 0 });
    });

    it('rejects a bad update with 400 and keeps the record as it was', async () => {
      const { body } = await create();
      const res = await api()
        .put(`/api/integrations/integrations/${body.id}`)
        .set(auth)
        .send({
          ...integrationBody({ urls: [{ url: 'ftp://x' }] }),
          version: 1,
        });
      expect(res.status).toBe(400);
      const after = await api()
        .get(`/api/integrations/integrations/${body.id}`)
        .set(auth);
      expect(after.body).toEqual(body);
    });
  },
);
