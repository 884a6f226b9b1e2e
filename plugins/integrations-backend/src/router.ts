import express from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CheckService } from './addons/checks/CheckService';
import { bindCheckEndpoints } from './addons/checks/checks.router';
import { bindCredentialEndpoints } from './core/http/credentials.router';
import { errorResponder, jsonBody } from './core/http/errors';
import {
  bindImportExportEndpoints,
  IMPORT_BODY_LIMIT,
} from './core/http/importExport.router';
import { bindIntegrationEndpoints } from './core/http/integrations.router';
import {
  bindOperateEndpoints,
  OperateServices,
} from './core/http/operate.router';
import { createOpenApiRouter } from './schema/openapi';
import { CredentialAccess } from './core/credentials/CredentialAccess';
import { IntegrationsService } from './core/integrations/IntegrationsService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  integrations: IntegrationsService;
  credentialAccess: CredentialAccess;
  /** Connection checks: test, history, definitions, health on integrations. */
  checks?: CheckService;
  /** Pause/resume, versions and rollback, "used by". */
  operate?: OperateServices;
}

/**
 * HTTP for the integrations API. Requests are validated against
 * schema/openapi.yaml before any handler runs, and every error is answered
 * here without repeating what the client sent.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, logger } = options;
  const router = Router();
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
  bindImportExportEndpoints(api, deps, options.integrations);
  bindIntegrationEndpoints(api, deps, options.integrations);
  if (options.checks) bindCheckEndpoints(api, deps, options.checks);
  bindCredentialEndpoints(api, deps, options.credentialAccess);
  if (options.operate) bindOperateEndpoints(api, deps, options.operate);
  router.use(api);
  router.use(errorResponder(logger));
  return router;
}
