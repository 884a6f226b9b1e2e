import express from 'express';
import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { errorResponder } from '../core/http/errorResponder';
import { createOpenApiRouter } from './openapi';

/** CheckAuth is a oneOf with a discriminator: only the branch its `type` names is checked. */
describe('a check definition auth, checked by the spec', () => {
  let app: express.Express;

  beforeAll(async () => {
    const api = await createOpenApiRouter();
    api.put('/integrations/:id/check-definition', (_req, res) => {
      res.status(204).end();
    });
    app = express();
    app.use(api);
    app.use(errorResponder(mockServices.logger.mock()));
  });

  const put = (auth: unknown) =>
    request(app)
      .put(
        '/integrations/00000000-0000-4000-8000-000000000000/check-definition',
      )
      .set('Authorization', 'Bearer token')
      .send({ definition: { auth } });

  it.each([
    { type: 'none' },
    { type: 'header', name: 'Authorization', value: 'Bearer {API_KEY}' },
    { type: 'basic', usernameKey: 'USERNAME', passwordKey: 'PASSWORD' },
    { type: 'query', name: 'key', value: '{API_KEY}' },
  ])('accepts %j', async auth => {
    expect((await put(auth)).status).toBe(204);
  });

  it.each([
    [{ type: 'header', value: 'v' }, 'definition.auth.name: is required'],
    [
      { type: 'basic', usernameKey: 'USERNAME', passwordKey: 'PASSWORD', x: 1 },
      'definition.auth: unknown field(s) x',
    ],
    [
      { type: 'basic', usernameKey: '1bad', passwordKey: 'PASSWORD' },
      /^definition\.auth\.usernameKey: must start with a letter/,
    ],
    [
      { type: 'cookie', name: 'a', value: 'b' },
      'definition.auth.type: must be one of the allowed values',
    ],
  ])('answers %j with one clause naming the field', async (auth, message) => {
    const res = await put(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.message).not.toContain(';');
  });
});
