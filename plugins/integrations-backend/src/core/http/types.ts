import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { createOpenApiRouter } from '../../schema/openapi';

/** The Express router typed from the OpenAPI document: handlers get typed params, query and body. */
export type IntegrationsApiRouter = Awaited<
  ReturnType<typeof createOpenApiRouter>
>;

/** What every endpoint binder needs besides its service. */
export interface EndpointDeps {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}
