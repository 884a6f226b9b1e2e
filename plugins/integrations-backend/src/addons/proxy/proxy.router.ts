import express, { NextFunction, Request, Response } from 'express';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { EndpointDeps, IntegrationsApiRouter } from '../../core/http/types';
import { actorOf } from '../../core/integrations/actor';
import { ProxyForwarder } from './forward';
import { PROJECT_HEADER } from './headers';
import { ProxyLimitError, ProxyService } from './ProxyService';

const UUID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Counts a use like resolve's, so "Used by" shows proxy callers. */
export interface ProxyUsage {
  record(use: {
    integrationIds: string[];
    consumer: string;
    project: string;
  }): void;
}

/**
 * `/proxy/{integrationId}/{path}`: mounted before the JSON body parser and
 * the spec validator, so bodies stream through untouched. One audit event
 * per call with the integration, project, method, status, bytes and time;
 * never the path's query or a value (so the event gets no request object,
 * whose URL would carry the query).
 */
export function createProxyRouter(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: ProxyService;
  forwarder: ProxyForwarder;
  usage?: ProxyUsage;
}): express.Router {
  const router = Router();
  // `use`, not a route: the rest of the path stays raw in req.url, never decoded.
  router.use('/proxy/:integrationId', handle);
  // Express fails to decode `%zz` in the id before any handler runs: a 400, not a 500.
  router.use(
    '/proxy',
    (error: unknown, _req: Request, _res: Response, next: NextFunction) =>
      next(
        error instanceof URIError
          ? new InputError('integrationId: holds an invalid percent-encoding')
          : error,
      ),
  );

  async function handle(req: Request, res: Response) {
    const started = Date.now();
    const integrationId = req.params.integrationId;
    if (!UUID.test(integrationId)) {
      throw new InputError('integrationId: must be a UUID');
    }
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const actor = actorOf(credentials);
    const project = req.header(PROJECT_HEADER);
    const meta = {
      integrationId,
      project: project ?? null,
      method: req.method,
      actor,
    };
    const event = await deps.auditor.createEvent({
      eventId: 'proxy-fetch',
      severityLevel: 'medium',
      meta,
    });
    const { rawPath, rawQuery, proxyBase } = splitUrl(req);
    let plan;
    try {
      plan = await deps.service.plan({
        integrationId,
        project,
        method: req.method,
        rawPath,
        rawQuery,
        credentials,
        actor,
      });
    } catch (error) {
      await event.fail({
        error: error as Error,
        meta: { ...meta, ms: Date.now() - started },
      });
      if (error instanceof ProxyLimitError) {
        res.set('Retry-After', String(error.retryAfterSeconds));
        res.status(429).json({
          error: { name: 'TooManyRequestsError', message: error.message },
          request: { method: req.method, url: `${req.baseUrl}${req.path}` },
          response: { statusCode: 429 },
        });
        return;
      }
      throw error;
    }
    try {
      const outcome = await deps.forwarder.forward(plan, req, res, proxyBase);
      deps.usage?.record({
        integrationIds: [plan.record.id],
        consumer: actor,
        project: plan.project,
      });
      const result = {
        ...meta,
        project: plan.project,
        status: outcome.status,
        bytes: outcome.bytes,
        ms: Date.now() - started,
      };
      if (outcome.error) {
        await event.fail({ error: new Error(outcome.error), meta: result });
      } else {
        await event.success({ meta: result });
      }
    } finally {
      plan.release();
    }
  }

  return router;
}

/** The rest of the path and the query as the caller encoded them, and the proxy's own base path. */
function splitUrl(req: Request) {
  // originalUrl: req.url is rewritten by the mount and may lose a `//`.
  const raw = req.originalUrl;
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const rest = path.startsWith(req.baseUrl)
    ? path.slice(req.baseUrl.length)
    : '';
  return {
    rawPath: rest.replace(/^\//, ''),
    rawQuery: q === -1 ? '' : raw.slice(q + 1),
    proxyBase: req.baseUrl,
  };
}

/** The proxy settings of an integration, through the validated API. */
export function bindProxyEndpoints(
  router: IntegrationsApiRouter,
  { httpAuth }: EndpointDeps,
  service: ProxyService,
) {
  router.get('/integrations/:id/proxy', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await service.getProxySettings(req.params.id, credentials));
  });
}
