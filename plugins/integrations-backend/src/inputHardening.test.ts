import request from 'supertest';
import { Knex } from 'knex';
import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  captureOutput,
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from './__testUtils__/testBackend';
import { dumpTables } from './__testUtils__/dumpTables';

jest.setTimeout(60_000);

const CANARY = 'canary-hardening-5d2c';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'hostile input on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    const auth = { Authorization: userHeader('user:default/alice') };
    const api = () => request(backend.server);
    const create = (overrides: Record<string, unknown> = {}) =>
      api()
        .post('/api/integrations/integrations')
        .set(auth)
        .send(integrationBody(overrides, CANARY));

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({ knex });
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });

    /** Sends a write, expects a 400 naming the field, and proves nothing changed. */
    async function rejectsWrite(send: () => request.Test, message: RegExp) {
      const before = await dumpTables(knex);
      const res = await send();
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
      expect(JSON.stringify(res.body)).not.toContain(CANARY);
      expect(await dumpTables(knex)).toEqual(before);
      return res;
    }

    const hostileStrings: Array<[string, string]> = [
      ['a NUL character', 'evil\u0000name'],
      ['a terminal escape sequence', 'evil\u001b[31mred'],
      ['a right-to-left override', 'invoice\u202Egnp.exe'],
      ['a bidi isolate', 'a\u2066b'],
      ['a lone surrogate', 'half\ud800'],
      ['a C1 control', 'x\u0085y'],
    ];

    describe.each(hostileStrings)('a string holding %s', (_, hostile) => {
      const unsafe =
        /must not contain control characters, bidi overrides or lone surrogates/;

      it.each([
        ['name', { name: hostile }, /^name: /],
        ['description', { description: hostile }, /^description: /],
        ['type', { type: hostile }, /^type: /],
        ['owner', { owner: `user:default/${hostile}` }, /^owner: /],
        [
          'url',
          { urls: [{ url: `https://x.example/${hostile}` }] },
          /^urls\[0\]\.url: /,
        ],
        [
          'url label',
          { urls: [{ url: 'https://x.example', label: hostile }] },
          /^urls\[0\]\.label: /,
        ],
        [
          'project ref',
          { projects: [`component:default/${hostile}`] },
          /^projects\[0\]: /,
        ],
        [
          'credential value',
          { credentials: [{ key: 'K', value: `${CANARY}${hostile}` }] },
          /^credentials\[0\]\.value: /,
        ],
      ])(
        'is refused in %s with a 400 naming the field',
        async (_field, overrides, field) => {
          const res = await rejectsWrite(() => create(overrides), field);
          // Tab and line breaks are fine in a description; these are not.
          expect(res.body.error.message).toMatch(unsafe);
        },
      );
    });

    // A lone surrogate cannot be percent-encoded; its URL form is tested below.
    const inUrls = hostileStrings.filter(([, h]) => !/[\ud800-\udfff]/.test(h));

    describe.each(inUrls)('a URL holding %s', (_, hostile) => {
      it.each([
        ['q', 'integrations?q='],
        ['project', 'integrations?project='],
        ['type', 'integrations?type='],
        ['project', 'resolve?project='],
      ])('is refused in the query parameter %s', async (name, path) => {
        const res = await api()
          .get(`/api/integrations/${path}${encodeURIComponent(hostile)}`)
          .set(auth);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          new RegExp(`^${name}(\\[0\\])?: `),
        );
      });

      it('is refused in path ids and credential keys', async () => {
        const id = await api()
          .get(`/api/integrations/integrations/${encodeURIComponent(hostile)}`)
          .set(auth);
        expect(id.status).toBe(400);
        expect(id.body.error.message).toMatch(/^id: must be a UUID/);
        const key = await api()
          .post(
            `/api/integrations/integrations/00000000-0000-4000-8000-000000000000/credentials/${encodeURIComponent(
              hostile,
            )}/reveal`,
          )
          .set(auth);
        expect(key.status).toBe(400);
        expect(key.body.error.message).toMatch(/^key: /);
      });
    });

    it('answers invalid UTF-8 in a path or query (a lone surrogate in URL form) without a 5xx', async () => {
      const path = await api()
        .get('/api/integrations/integrations/%ED%A0%80')
        .set(auth);
      expect(path.status).toBe(400);
      const query = await api()
        .get('/api/integrations/integrations?q=half%ED%A0%80')
        .set(auth);
      // Undecodable bytes stay as their literal text: a search that finds nothing.
      expect(query.status).toBe(200);
      expect(query.body.items).toEqual([]);
    });

    it('keeps tabs and line breaks in a description', async () => {
      const res = await create({ description: 'line one\n\tline two\r\n' });
      expect(res.status).toBe(201);
      expect(res.body.description).toBe('line one\n\tline two\r\n');
    });

    it('refuses hostile updates and leaves the record byte for byte as it was', async () => {
      const { body } = await create();
      for (const name of ['x\u0000', 'x\u202E', 'x\ud800']) {
        expect(
          (
            await rejectsWrite(
              () =>
                api()
                  .put(`/api/integrations/integrations/${body.id}`)
                  .set(auth)
                  .send({ ...integrationBody({ name }), version: 1 }),
              /^name: must not contain control characters/,
            )
          ).body.error.name,
        ).toBe('InputError');
      }
    });

    it.each([
      ['limit', 'limit=1000', /^limit: must be at most 200/],
      ['limit', 'limit=0', /^limit: must be at least 1/],
      ['limit', 'limit=1.5', /^limit: expected an integer/],
    ])('bounds the number %s', async (_, query, message) => {
      const res = await api()
        .get(`/api/integrations/integrations?${query}`)
        .set(auth);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    // Keyset paging is the one way to page: no offset, not even 0, so no depth can time out.
    it.each(['offset=0', 'offset=900000', 'offset=-1', 'limit=2&offset=2'])(
      'refuses %s and names cursor instead',
      async query => {
        const res = await api()
          .get(`/api/integrations/integrations?${query}`)
          .set(auth);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'offset: no longer supported; page with cursor (nextCursor of the previous page)',
        );
      },
    );

    it.each([
      ['year -100000', '-100000-01-01T00:00:00Z'],
      ['year 275760', '+275760-09-13T00:00:00Z'],
      ['year 0001', '0001-01-01T00:00:00Z'],
      ['no time zone', '2027-01-01'],
    ])('bounds expiresAt (%s)', async (_, expiresAt) => {
      expect(
        (
          await rejectsWrite(
            () =>
              create({ credentials: [{ key: 'K', value: CANARY, expiresAt }] }),
            /^credentials\[0\]\.expiresAt: must be/,
          )
        ).body.error.name,
      ).toBe('InputError');
    });

    it('bounds the version', async () => {
      const { body } = await create();
      expect(
        (
          await rejectsWrite(
            () =>
              api()
                .put(`/api/integrations/integrations/${body.id}`)
                .set(auth)
                .send({ ...integrationBody(), version: 2 ** 31 }),
            /^version: must be at most 2147483647/,
          )
        ).body.error.name,
      ).toBe('InputError');
    });

    it.each([
      ['name', { name: 123 }, /^name: expected a string/],
      ['urls', { urls: 'https://x.example' }, /^urls: expected an array/],
      [
        'credentials[0]',
        { credentials: ['K'] },
        /^credentials\[0\]: expected an object/,
      ],
      ['description', { description: null }, /^description: expected a string/],
    ])('says what %s should be', async (_, overrides, message) => {
      expect(
        (await rejectsWrite(() => create(overrides), message)).body.error.name,
      ).toBe('InputError');
    });

    it('says version must be an integer, not that it is missing', async () => {
      const { body } = await create();
      expect(
        (
          await rejectsWrite(
            () =>
              api()
                .put(`/api/integrations/integrations/${body.id}`)
                .set(auth)
                .send({ ...integrationBody(), version: '1' }),
            /^version: expected an integer/,
          )
        ).body.error.name,
      ).toBe('InputError');
    });

    it.each([
      ['q', 'q=a&q=b'],
      ['project', 'project=component:a&project=component:b'],
      ['limit', 'limit=1&limit=2'],
    ])(
      'says the single-value parameter %s must be given once',
      async (name, query) => {
        const res = await api()
          .get(`/api/integrations/integrations?${query}`)
          .set(auth);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(`${name}: must be given once`);
      },
    );

    it('answers malformed JSON with a message, never the body it was sent', async () => {
      const output = captureOutput();
      try {
        expect(
          (
            await rejectsWrite(
              () =>
                api()
                  .post('/api/integrations/integrations')
                  .set(auth)
                  .set('Content-Type', 'application/json')
                  .send(
                    `{"name":"x","credentials":[{"key":"K","value":"${CANARY}"}]`,
                  ),
              /^Request body is not valid JSON$/,
            )
          ).body.error.name,
        ).toBe('InputError');
      } finally {
        output.restore();
      }
      expect(output.text()).not.toContain(CANARY);
    });

    it('answers an oversize body with 413 and a message, never the body', async () => {
      const res = await create({
        description: `${CANARY}${'x'.repeat(300_000)}`,
      });
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe('Request body is larger than 256kb');
      expect(JSON.stringify(res.body)).not.toContain(CANARY);
    });

    it('never repeats the query string of a failed request', async () => {
      const res = await api()
        .get(`/api/integrations/integrations?limit=zzz&q=${CANARY}`)
        .set(auth);
      expect(res.status).toBe(400);
      expect(res.body.request).toEqual({
        method: 'GET',
        url: '/api/integrations/integrations',
      });
      expect(JSON.stringify(res.body)).not.toContain(CANARY);
    });

    describe('resolve with a credential that does not open', () => {
      const service = {
        Authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:billing'),
          targetPluginId: 'integrations',
        }),
      };
      const project = 'component:default/isolation';
      const ciphertextOf = async (id: string, key: string) =>
        (
          await knex('integration_credentials')
            .where({ integration_id: id, key })
            .first()
        ).ciphertext as string;

      it('returns the healthy integrations and names the broken ones without any value', async () => {
        const healthy = await create({
          name: 'Healthy',
          projects: [project],
          credentials: [{ key: 'API_KEY', value: 'healthy-value' }],
        });
        const tampered = await create({
          name: 'Tampered',
          projects: [project],
          credentials: [{ key: 'API_KEY', value: `${CANARY}-tampered` }],
        });
        const foreign = await create({
          name: 'Foreign',
          projects: [project],
          credentials: [{ key: 'API_KEY', value: `${CANARY}-foreign` }],
        });
        // Altered bytes: authentication fails.
        const parts = (await ciphertextOf(tampered.body.id, 'API_KEY')).split(
          '.',
        );
        parts[4] = Buffer.from('altered').toString('base64url');
        await knex('integration_credentials')
          .where({ integration_id: tampered.body.id })
          .update({ ciphertext: parts.join('.') });
        // A valid ciphertext copied from another integration: its AAD names the other id.
        await knex('integration_credentials')
          .where({ integration_id: foreign.body.id })
          .update({
            ciphertext: await ciphertextOf(healthy.body.id, 'API_KEY'),
          });

        const output = captureOutput();
        let res: request.Response;
        try {
          res = await api()
            .get(`/api/integrations/resolve?project=${project}`)
            .set(service);
        } finally {
          output.restore();
        }
        expect(res.status).toBe(200);
        expect(res.body.integrations).toEqual([
          expect.objectContaining({
            name: 'Healthy',
            credentials: { API_KEY: 'healthy-value' },
          }),
        ]);
        expect(
          [...res.body.failed].sort((a: any, b: any) =>
            a.name.localeCompare(b.name),
          ),
        ).toEqual([
          {
            id: foreign.body.id,
            name: 'Foreign',
            key: 'API_KEY',
            reason: expect.stringMatching(/could not be decrypted/),
          },
          {
            id: tampered.body.id,
            name: 'Tampered',
            key: 'API_KEY',
            reason: expect.stringMatching(/could not be decrypted/),
          },
        ]);
        // The copied value never comes back under the integration it was copied to.
        expect(
          res.body.integrations.filter((i: any) =>
            Object.values(i.credentials).includes('healthy-value'),
          ),
        ).toHaveLength(1);
        expect(JSON.stringify(res.body)).not.toContain(CANARY);
        // Logged for operators, by id and key.
        expect(output.text()).toContain(
          `Credential "API_KEY" of integration ${foreign.body.id} could not be decrypted`,
        );
        expect(output.text()).not.toContain(CANARY);

        // Reveal of the foreign copy refuses too, rather than returning the other value.
        const reveal = await api()
          .post(
            `/api/integrations/integrations/${foreign.body.id}/credentials/API_KEY/reveal`,
          )
          .set(auth);
        expect(reveal.status).toBe(500);
        expect(reveal.body.error.name).toBe('CredentialUnavailableError');
        expect(JSON.stringify(reveal.body)).not.toContain('healthy-value');
      });
    });
  },
);
