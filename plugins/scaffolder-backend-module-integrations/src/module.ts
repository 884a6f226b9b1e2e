import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { integrationsServiceRef } from '@integrations-hub/backstage-plugin-integrations-node';
import { createAssignIntegrationsAction } from './actions/assign';
import { createCreateIntegrationAction } from './actions/create';

/**
 * Adds `integrations:assign` and `integrations:create` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleIntegrations = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'integrations',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        integrations: integrationsServiceRef,
      },
      async init({ scaffolder, integrations }) {
        scaffolder.addActions(
          createAssignIntegrationsAction({ integrations }),
          createCreateIntegrationAction({ integrations }),
        );
      },
    });
  },
});
