import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { CredentialAccess } from './service/CredentialAccess';
import { IntegrationsService } from './service/IntegrationsService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  integrations: IntegrationsService;
  credentialAccess: CredentialAccess;
}

/** Maps HTTP to the services; shapes are documented in schema/openapi.yaml. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, integrations, credentialAccess } = options;
  const router = Router();
  // Bodies are small JSON documents; anything larger is a mistake or an attack.
  router.use(express.json({ limit: '256kb' }));

  const asUser = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/types', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: integrations.listTypes() });
  });

  router.get('/integrations', async (req, res) => {
    res.json(await integrations.list(req.query, await asUser(req)));
  });

  router.post('/integrations', async (req, res) => {
    res
      .status(201)
      .json(await integrations.create(req.body, await asUser(req), req));
  });

  router.get('/integrations/:id', async (req, res) => {
    res.json(await integrations.get(req.params.id, await asUser(req)));
  });

  router.put('/integrations/:id', async (req, res) => {
    res.json(
      await integrations.update(
        req.params.id,
        req.body,
        await asUser(req),
        req,
      ),
    );
  });

  router.delete('/integrations/:id', async (req, res) => {
    await integrations.delete(req.params.id, await asUser(req), req);
    res.status(204).end();
  });

  router.get('/integrations/:id/events', async (req, res) => {
    res.json(await integrations.events(req.params.id, await asUser(req)));
  });

  router.post('/integrations/:id/credentials/:key/reveal', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(
      await credentialAccess.reveal(
        req.params.id,
        req.params.key,
        await asUser(req),
        req,
      ),
    );
  });

  router.get('/resolve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.set('Cache-Control', 'no-store');
    res.json(await credentialAccess.resolve(req.query, credentials, req));
  });

  return router;
}
