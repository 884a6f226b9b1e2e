import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { IntegrationsClient, IntegrationsService } from './IntegrationsClient';

/**
 * Resolve integration credentials from another backend plugin:
 * `const { integrations } = await integrations.resolve({ project: 'component:default/checkout' })`.
 */
export const integrationsServiceRef = createServiceRef<IntegrationsService>({
  id: 'integrations.client',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: deps => new IntegrationsClient(deps),
    }),
});
