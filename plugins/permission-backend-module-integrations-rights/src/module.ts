import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { IntegrationsRightsPolicy } from './IntegrationsRightsPolicy';

/**
 * Installs the manageAll / manageOwn policy in place of the allow-all policy module.
 *
 * @public
 */
export const integrationsRightsPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'integrations-rights',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        policy.setPolicy(
          new IntegrationsRightsPolicy({ config, userInfo, logger }),
        );
      },
    });
  },
});
