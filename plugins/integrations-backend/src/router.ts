import express from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CheckService } from './addons/checks/CheckService';
import { bindCheckEndpoints } from './addons/checks/checks.router';
import { IntegrationsCore } from './core/createIntegrationsCore';
import { bindAssignmentEndpoints } from './core/http/assignments.router';
import { bindCredentialEndpoints } from './core/http/credentials.router';
import { errorResponder } from './core/http/errorResponder';
import {
  bindImportExportEndpoints,
  IMPORT_BODY_LIMIT,
} from './core/http/importExport.router';
import { bindIntegrationEndpoints } from './core/http/integrations.router';
import { jsonBody } from './core/http/jsonBody';
import { EndpointDeps, IntegrationsApiRouter } from './core/http/types';
import { bindUsageEndpoints } from './core/http/usage.router';
import { bindVersionEndpoints } from './core/http/versions.router';
import { createOpenApiRouter } from './schema/openapi';

interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  core: Pick<
    IntegrationsCore,
    'integrations' | 'credentialAccess' | 'assignments' | 'versions' | 'usage'
  >;
  /** Connection checks: test, history, definitions (an add-on: its routes live in its slice). */
  checks?: CheckService;
  /** Other add-ons' endpoints, bound after the core's (e.g. OAuth settings). */
  addons?: Array<(api: IntegrationsApiRouter, deps: EndpointDeps) => void>;
  /** Add-ons' routers that take the raw request (the proxy): before the body parser and the validator. */
  rawRouters?: express.Router[];
}

/**
 * HTTP for the integrations API, composed from one router file per area.
 * Requests are validated against schema/openapi.yaml before any handler
 * runs, and every error is answered by one translator without repeating
 * what the client sent.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, logger, core } = options;
  const router = Router();
  options.rawRouters?.forEach(raw => router.use(raw));
  // Parsed out here so a parse error never reaches the validator's error mapping.
  router.use(
    jsonBody({
      'POST /integrations/import': IMPORT_BODY_LIMIT,
    }),
  );
  const api = await createOpenApiRouter({
    middleware: [(_req, _res, next) => next()],
  });
  const deps = { httpAuth, auditor };
  // Import and export before `/integrations/:id`, so neither is taken for an id.
  bindImportExportEndpoints(api, deps, core.integrations);
  bindIntegrationEndpoints(api, deps, core.integrations);
  if (options.checks) bindCheckEndpoints(api, deps, options.checks);
  bindCredentialEndpoints(api, deps, core.credentialAccess);
  bindAssignmentEndpoints(api, deps, core.assignments);
  bindVersionEndpoints(api, deps, core.versions);
  bindUsageEndpoints(api, deps, core.usage);
  options.addons?.forEach(bind => bind(api, deps));
  router.use(api);
  router.use(errorResponder(logger));
  return router;
}
