import express from 'express';
import request from 'supertest';
import knexFactory, { KnexTimeoutError } from 'knex';
import { ResponseError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { errorResponder } from './errorResponder';
import { unavailableDependency } from './unavailable';

/** An app whose one route fails with `error`, answered by our responder. */
function failingWith(error: unknown) {
  const app = express();
  app.get('/x', (_req, _res, next) => next(error));
  app.use(errorResponder(mockServices.logger.mock()));
  return app;
}

describe('a dependency that is down', () => {
  it('answers 503 with Retry-After when PostgreSQL refuses the connection', async () => {
    // A real driver error: nothing listens on port 1.
    const db = knexFactory({
      client: 'pg',
      connection: 'postgresql://postgres:hunter2@127.0.0.1:1/none',
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 2_000,
    });
    const error = await db.raw('select 1').catch(e => e);
    await db.destroy();
    expect(unavailableDependency(error)).toBe('database');

    const res = await request(failingWith(error)).get('/x');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message:
        'The integrations database is unavailable; retry in a few seconds',
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers 503 when PostgreSQL shuts down under a query', async () => {
    const shutdown = Object.assign(new Error('terminating connection'), {
      code: '57P01',
    });
    const res = await request(failingWith(shutdown)).get('/x');
    expect(res.status).toBe(503);
  });

  it('answers 503 when no pooled connection comes in time', async () => {
    const error = new KnexTimeoutError(
      'Knex: Timeout acquiring a connection. The pool is probably full.',
    );
    expect(unavailableDependency(error)).toBe('database');
    const res = await request(failingWith(error)).get('/x');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('answers 503 when a Backstage service it asks answers 5xx', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'Error', message: 'db' } }),
        {
          status: 500,
          statusText: 'Internal Server Error',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    const res = await request(failingWith(error)).get('/x');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error.message).toMatch(/Backstage service/);
  });

  it('keeps a bug a 500 with a log id', async () => {
    const res = await request(failingWith(new TypeError('x is undefined'))).get(
      '/x',
    );
    expect(res.status).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.body.error.message).toMatch(
      /^An internal error occurred logId=/,
    );
  });

  it('does not take a 4xx from another service for an outage', async () => {
    const error = await ResponseError.fromResponse(
      new Response('{}', { status: 404, statusText: 'Not Found' }) as any,
    );
    expect(unavailableDependency(error)).toBeUndefined();
  });
});
