import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { IntegrationsRightsPolicy } from './IntegrationsRightsPolicy';

/** Installs the config-driven manageAll / manageOwn policy into the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'integrations-rights-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(new IntegrationsRightsPolicy(config, userInfo));
      },
    });
  },
});

export { IntegrationsRightsPolicy } from './IntegrationsRightsPolicy';
