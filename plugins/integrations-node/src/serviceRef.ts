import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { IntegrationsNodeClient } from './IntegrationsNodeClient';
import { IntegrationsNodeService } from './IntegrationsNodeService';

/**
 * Integrations from another backend plugin:
 * `const { integrations, failed } = await integrations.resolveCredentials({ project: 'component:default/checkout' })`.
 *
 * @public
 */
export const integrationsServiceRef = createServiceRef<IntegrationsNodeService>(
  {
    id: 'integrations.client',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          auth: coreServices.auth,
          discovery: coreServices.discovery,
          logger: coreServices.logger,
        },
        factory: deps => new IntegrationsNodeClient(deps),
      }),
  },
);
