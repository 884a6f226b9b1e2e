import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { integrationsServiceRef } from '@integrations-hub/backstage-plugin-integrations-node';
import { IntegrationsCollatorFactory } from './IntegrationsCollatorFactory';

/**
 * Indexes integration metadata for Backstage search: `backend.add(import('...'))`.
 *
 * @public
 */
export const searchModuleIntegrationsCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'integrations-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        indexRegistry: searchIndexRegistryExtensionPoint,
        integrations: integrationsServiceRef,
      },
      async init({ config, scheduler, auth, indexRegistry, integrations }) {
        const scheduleConfig = config.getOptionalConfig(
          'search.collators.integrations.schedule',
        );
        const schedule = scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 3 },
            };
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new IntegrationsCollatorFactory({
            auth,
            source: integrations,
          }),
        });
      },
    });
  },
});
