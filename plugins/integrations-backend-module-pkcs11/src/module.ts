import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { integrationsKeyProvidersExtensionPoint } from '@integrations-hub/backstage-plugin-integrations-node';
import { Pkcs11KeyProvider } from './Pkcs11KeyProvider';

/**
 * Adds the `pkcs11` key provider to the Integrations backend: data keys are
 * wrapped by an AES key in the adopter's HSM (`integrationsHub.encryption.pkcs11`).
 *
 * @public
 */
export const integrationsModulePkcs11Keys = createBackendModule({
  pluginId: 'integrations',
  moduleId: 'keys-pkcs11',
  register(reg) {
    reg.registerInit({
      deps: {
        keys: integrationsKeyProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ keys, config, logger, lifecycle }) {
        const provider = Pkcs11KeyProvider.fromConfig(config, { logger });
        keys.addKeyProvider(provider);
        lifecycle.addShutdownHook(() => provider.close());
      },
    });
  },
});
