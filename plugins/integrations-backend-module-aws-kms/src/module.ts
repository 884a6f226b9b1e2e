import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { integrationsKeyProvidersExtensionPoint } from '@integrations-hub/backstage-plugin-integrations-node';
import { AwsKmsKeyProvider } from './AwsKmsKeyProvider';
import { readAwsKmsConfig } from './config';

/**
 * Adds the `aws-kms` key provider to the Integrations backend:
 * `backend.add(import('@integrations-hub/backstage-plugin-integrations-backend-module-aws-kms'))`,
 * configured under `integrationsHub.encryption.awsKms`.
 *
 * @public
 */
export const integrationsModuleAwsKmsKeys = createBackendModule({
  pluginId: 'integrations',
  moduleId: 'keys-aws-kms',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        keys: integrationsKeyProvidersExtensionPoint,
      },
      async init({ config, logger, keys }) {
        const provider = await AwsKmsKeyProvider.create({
          config: readAwsKmsConfig(config),
        });
        keys.addKeyProvider(provider);
        logger.info(
          `aws-kms key provider wraps under ${provider.activeKeyId()}`,
        );
      },
    });
  },
});
