import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { DEMO_DESCRIPTION, demoIntegrations } from './demoIntegrations';

const ATTEMPTS = 24;
const RETRY_MS = 5000;

/**
 * Demo data for the example portal: with `integrationsDemo.seed: true` (the dev
 * app-config only), an empty Integrations store gets a handful of integrations
 * through the public API, signed in as the dev guest (the editing endpoints take
 * users only): an expiring and an expired credential, a paused project, and a
 * check that fails against `GET /api/integrations-demo/failing` (always 503).
 */
export default createBackendPlugin({
  pluginId: 'integrations-demo',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, httpRouter, discovery, logger, lifecycle }) {
        const router = Router();
        router.get('/failing', (_req, res) => {
          res.status(503).json({ status: 'down (demo)' });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({
          path: '/failing',
          allow: 'unauthenticated',
        });
        if (!config.getOptionalBoolean('integrationsDemo.seed')) return;

        let stopped = false;
        lifecycle.addShutdownHook(() => {
          stopped = true;
        });

        // The guest provider signs anyone in during development; the demo does what a newcomer would.
        const guestToken = async () => {
          const res = await fetch(
            `${await discovery.getBaseUrl('auth')}/guest/refresh`,
            { headers: { 'x-requested-with': 'XMLHttpRequest' } },
          );
          if (!res.ok) throw new Error(`guest sign-in: ${res.status}`);
          return (await res.json()).backstageIdentity.token as string;
        };

        const call = async (method: string, path: string, body?: unknown) => {
          const base = await discovery.getBaseUrl('integrations');
          const token = await guestToken();
          const res = await fetch(`${base}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
          });
          if (!res.ok) {
            throw new Error(
              `${method} ${path}: ${res.status} ${await res.text()}`,
            );
          }
          return res.status === 204 ? undefined : res.json();
        };

        // Leaves a store with anyone's own integrations alone; completes a half-seeded one.
        const seed = async () => {
          const existing: {
            items: Array<{ name: string; description?: string }>;
          } = await call('GET', '/integrations?limit=100');
          if (existing.items.some(i => i.description !== DEMO_DESCRIPTION)) {
            return false;
          }
          const seeded = new Set(existing.items.map(i => i.name));
          const failingUrl = await discovery.getBaseUrl('integrations-demo');
          const missing = demoIntegrations(new Date(), failingUrl).filter(
            demo => !seeded.has(String(demo.body.name)),
          );
          for (const demo of missing) {
            const created = await call('POST', '/integrations', demo.body);
            if (demo.pause) {
              await call(
                'POST',
                `/integrations/${created.id}/projects/${encodeURIComponent(
                  demo.pause,
                )}/pause`,
                { reason: 'Demo: paused while the provider migrates' },
              );
            }
            if (demo.failingCheck) {
              await call(
                'PUT',
                `/integrations/${created.id}/check-definition`,
                {
                  definition: { preset: 'reachability', path: '/failing' },
                },
              );
              await call('POST', `/integrations/${created.id}/check`);
            }
          }
          return missing.length > 0;
        };

        // The catalog ingests the example projects a little after start; assignments wait for it.
        lifecycle.addStartupHook(() => {
          void (async () => {
            for (let attempt = 1; attempt <= ATTEMPTS && !stopped; attempt++) {
              try {
                if (await seed()) {
                  logger.info(
                    'Seeded the demo integrations (integrationsDemo.seed)',
                  );
                }
                return;
              } catch (error) {
                if (attempt === ATTEMPTS) {
                  logger.warn(`Demo integrations not seeded: ${error}`);
                  return;
                }
                logger.debug(`Demo integrations not seeded yet: ${error}`);
                await new Promise(resolve => setTimeout(resolve, RETRY_MS));
              }
            }
          })();
        });
      },
    });
  },
});
