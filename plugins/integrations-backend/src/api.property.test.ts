import fc from 'fast-check';
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
  TEST_TYPES,
  testConfig,
  userHeader,
} from './__testUtils__/testBackend';
import { dumpTables } from './__testUtils__/dumpTables';
import {
  fromSchema,
  hostileString,
  queryFromSpec,
  resolveRef,
  toQueryString,
} from './__testUtils__/specArbitraries';
import { spec } from './schema/openapi';

// At least 1,000 generated requests per database, across every operation of the spec.
const RUNS = Number(process.env.INTEGRATIONS_PROPERTY_RUNS ?? 1000);
jest.setTimeout(240_000);

/** The stored secret; only reveal and resolve may ever answer with it. */
const CANARY = 'canary-property-3f9a71';
/** A secret sent in generated requests; nothing may repeat it but reveal/resolve. */
const REQUEST_CANARY = 'canary-request-c05e';
const PROJECT = 'component:default/canary';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type Operation = { method: string; path: string; op: any };
const operations: Operation[] = Object.entries<any>(spec.paths).flatMap(
  ([path, item]) =>
    ['get', 'post', 'put', 'delete']
      .filter(method => item[method])
      .map(method => ({ method, path, op: item[method] })),
);

const asText = (value: unknown) =>
  value !== null && typeof value === 'object'
    ? JSON.stringify(value)
    : String(value);

interface GeneratedRequest {
  operationId: string;
  method: string;
  url: string;
  caller: 'user' | 'service' | 'none';
  body?: unknown;
  rawBody?: string;
}

describe.each(databases.eachSupportedId())(
  'generated requests against the spec on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    const ids: string[] = [];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({
        knex,
        // Resolve counts written by the timer between the two dumps of a rejected write would look like a change.
        config: testConfig({
          integrationsHub: { usage: { flushIntervalSeconds: 86_400 } },
        }),
      });
      const auth = { Authorization: userHeader('user:default/alice') };
      for (const name of ['Canary one', 'Canary two']) {
        const res = await request(backend.server)
          .post('/api/integrations/integrations')
          .set(auth)
          .send(
            integrationBody(
              {
                name,
                projects: [PROJECT],
                credentials: [{ key: 'API_KEY', value: CANARY }],
              },
              CANARY,
            ),
          );
        if (res.status !== 201) throw new Error(`fixture: ${res.text}`);
        ids.push(res.body.id);
      }
    });
    afterAll(async () => {
      await backend?.stop();
      await knex?.destroy();
    });

    // Values the spec alone would rarely hit: known types, real ids, refs, the request canary.
    const hints = () => ({
      type: fc.constantFrom(...TEST_TYPES.map(t => t.id)),
      project: fc.constantFrom(PROJECT, 'component:default/other'),
      projects: fc.array(fc.constantFrom(PROJECT, 'component:default/x'), {
        maxLength: 2,
      }),
      owner: fc.constantFrom('user:default/alice', 'group:default/team'),
      url: fc.constantFrom('https://api.example/v1', 'http://10.0.0.1:8080'),
      value: fc.constantFrom(REQUEST_CANARY, `${REQUEST_CANARY}-2`),
      key: fc.constantFrom('API_KEY', 'ORG_ID', 'OTHER'),
      id: fc.constantFrom(...ids),
      version: fc.integer({ min: 1, max: 3 }),
    });

    const pathParam = (name: string, schema: any) =>
      fc.oneof(
        { arbitrary: fromSchema(schema, hints(), name), weight: 6 },
        { arbitrary: fc.uuid(), weight: 2 },
        { arbitrary: hostileString, weight: 1 },
      );

    const requestFor = ({
      method,
      path,
      op,
    }: Operation): fc.Arbitrary<GeneratedRequest> => {
      const parameters: any[] = op.parameters ?? [];
      const pathParams = parameters
        .map(resolveRef)
        .filter(p => p.in === 'path');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      return fc
        .record({
          path: fc.tuple(
            ...pathParams.map(p => pathParam(p.name, p.schema)),
          ) as fc.Arbitrary<unknown[]>,
          query: queryFromSpec(parameters, hints()),
          body: bodySchema
            ? fc.oneof(
                { arbitrary: fromSchema(bodySchema, hints()), weight: 10 },
                { arbitrary: fc.jsonValue(), weight: 1 },
              )
            : fc.constant(undefined),
          malformed: fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 15 },
            {
              arbitrary: fc.constantFrom(
                `{"credentials":[{"key":"K","value":"${REQUEST_CANARY}"}`,
                `{"name": "${REQUEST_CANARY}",}`,
                `${REQUEST_CANARY}`,
              ),
              weight: 1,
            },
          ),
          caller: fc.oneof(
            { arbitrary: fc.constant('user' as const), weight: 8 },
            { arbitrary: fc.constant('service' as const), weight: 2 },
            { arbitrary: fc.constant('none' as const), weight: 1 },
          ),
        })
        .map(({ path: values, query, body, malformed, caller }) => {
          let url = path;
          pathParams.forEach((p, i) => {
            url = url.replace(
              `{${p.name}}`,
              encodeURIComponent(
                asText(values[i]).replace(/[\ud800-\udfff]/g, '?'),
              ),
            );
          });
          const search = toQueryString(query);
          return {
            operationId: op.operationId,
            method,
            url: `/api/integrations${url}${search ? `?${search}` : ''}`,
            caller,
            body: bodySchema ? body : undefined,
            rawBody: bodySchema ? malformed : undefined,
          };
        });
    };

    const headersFor = (caller: GeneratedRequest['caller']) => {
      if (caller === 'user') {
        return { Authorization: userHeader('user:default/alice') };
      }
      if (caller === 'service') {
        return {
          Authorization: mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:billing'),
            targetPluginId: 'integrations',
          }),
        };
      }
      return {};
    };

    it(`answers ${RUNS} generated requests without a 5xx, naming the field of every 400, changing nothing on rejected writes and never leaking a secret`, async () => {
      const stats = { requests: 0, serverErrors: 0, byStatus: {} as any };
      const perOperation: Record<string, number> = {};
      // Built here: the hints need the ids created in beforeAll.
      const anyRequest = fc.oneof(...operations.map(requestFor));
      const output = captureOutput();
      try {
        await fc.assert(
          fc.asyncProperty(anyRequest, async generated => {
            const isWrite = generated.method !== 'get';
            const before = isWrite ? await dumpTables(knex) : undefined;
            let call = (request(backend.server) as any)
              [generated.method](generated.url)
              .set(headersFor(generated.caller));
            if (generated.rawBody !== undefined) {
              call = call
                .set('Content-Type', 'application/json')
                .send(generated.rawBody);
            } else if (generated.body !== undefined) {
              const body = generated.body;
              // supertest sends objects as JSON; other JSON values go as text.
              call =
                body !== null && typeof body === 'object'
                  ? call.send(body)
                  : call
                      .set('Content-Type', 'application/json')
                      .send(JSON.stringify(body));
            }
            const res: request.Response = await call;
            stats.requests += 1;
            stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
            perOperation[generated.operationId] =
              (perOperation[generated.operationId] ?? 0) + 1;
            if (res.status >= 500) stats.serverErrors += 1;

            expect(res.status).toBeLessThan(500);
            const text = `${JSON.stringify(res.headers)}\n${res.text ?? ''}`;
            const mayCarryValues =
              res.status === 200 &&
              (generated.operationId === 'RevealCredential' ||
                generated.operationId === 'ResolveCredentials');
            // Reveal and resolve answering 200 are the only bodies allowed to carry values.
            const checked = mayCarryValues ? '' : text;
            expect(checked).not.toContain(CANARY);
            expect(checked).not.toContain(REQUEST_CANARY);
            expect({
              status: res.status,
              message:
                res.status >= 400 ? typeof res.body.error?.message : 'string',
            }).toEqual({ status: res.status, message: 'string' });
            // A 400 names the field (`urls[0].url: ...`) or says what was wrong with the body.
            expect(
              res.status === 400 ? res.body.error.message : 'status: not 400',
            ).toMatch(
              /^([A-Za-z_][\w.\[\]]*: |unknown field|Request body|unknown query parameter)/,
            );
            // A rejected write leaves every table byte for byte as it was.
            const after =
              isWrite && res.status >= 400 ? await dumpTables(knex) : before;
            expect(after).toEqual(before);
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
      } finally {
        output.restore();
      }
      const logged = output.text();
      // eslint-disable-next-line no-console
      console.log(
        `[property] ${databaseId}: ${stats.requests} generated requests, ${
          stats.serverErrors
        } 5xx; by status ${JSON.stringify(
          stats.byStatus,
        )}; by operation ${JSON.stringify(perOperation)}`,
      );
      expect(stats.requests).toBeGreaterThanOrEqual(RUNS);
      expect(stats.serverErrors).toBe(0);
      expect(Object.keys(perOperation).sort()).toEqual(
        operations.map(o => o.op.operationId).sort(),
      );
      expect(logged).not.toContain(CANARY);
      expect(logged).not.toContain(REQUEST_CANARY);
    });
  },
);
