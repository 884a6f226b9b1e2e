import fc from 'fast-check';
import request from 'supertest';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from '../../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const RUNS = 12;

/** Names Object.prototype has, and ordinary ones, as credential keys. */
const keys = fc.uniqueArray(
  fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      '__defineGetter__',
    ),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/),
  ),
  { minLength: 1, maxLength: 5 },
);
const value = fc.stringMatching(/^[A-Za-z0-9]{1,24}$/);

/** An own property of a parsed response, never one it inherits. */
const own = (values: object, key: string) =>
  Object.getOwnPropertyDescriptor(values, key)?.value;

describe.each(databases.eachSupportedId())(
  'credential keys named like Object.prototype members on %s',
  databaseId => {
    let backend: TestBackend;
    const auth = { Authorization: userHeader() };
    let run = 0;

    beforeAll(async () => {
      backend = await startIntegrationsBackend({
        knex: await databases.init(databaseId),
      });
    });
    afterAll(async () => backend?.stop());

    it('round-trip through create, get, reveal, resolve and the previous values of a rotation', async () => {
      await fc.assert(
        fc.asyncProperty(
          keys.chain(ks =>
            fc.tuple(
              fc.constant(ks),
              fc.array(value, { minLength: ks.length, maxLength: ks.length }),
              fc.array(value, { minLength: ks.length, maxLength: ks.length }),
            ),
          ),
          async ([ks, before, after]) => {
            const api = request(backend.server);
            const project = `component:default/keys-${(run += 1)}`;
            const created = await api
              .post('/api/integrations/integrations')
              .set(auth)
              .send(
                integrationBody({
                  projects: [project],
                  credentials: ks.map((key, i) => ({
                    key,
                    value: before[i],
                    overlapMinutes: 60,
                  })),
                }),
              )
              .expect(201);
            const { id } = created.body;

            const got = await api
              .get(`/api/integrations/integrations/${id}`)
              .set(auth)
              .expect(200);
            expect(got.body.credentials.map((c: any) => c.key).sort()).toEqual(
              [...ks].sort(),
            );
            for (const [i, key] of ks.entries()) {
              const revealed = await api
                .post(
                  `/api/integrations/integrations/${id}/credentials/${encodeURIComponent(
                    key,
                  )}/reveal`,
                )
                .set(auth)
                .expect(200);
              expect(revealed.body).toEqual({ key, value: before[i] });
            }

            await api
              .put(`/api/integrations/integrations/${id}`)
              .set(auth)
              .send({
                ...integrationBody({ projects: [project] }),
                credentials: ks.map((key, i) => ({ key, value: after[i] })),
                version: got.body.version,
              })
              .expect(200);
            const resolved = await api
              .get('/api/integrations/resolve')
              .query({ project })
              .set(auth)
              .expect(200);
            const [item] = resolved.body.integrations;
            expect(Object.keys(item.credentials).sort()).toEqual(
              [...ks].sort(),
            );
            expect(Object.keys(item.previousCredentials).sort()).toEqual(
              [...ks].sort(),
            );
            ks.forEach((key, i) => {
              expect(own(item.credentials, key)).toBe(after[i]);
              expect(own(item.previousCredentials, key)).toMatchObject({
                value: before[i],
              });
            });
          },
        ),
        { numRuns: RUNS },
      );
    });
  },
);
