import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { ConfigSources, MutableConfigSource } from '@backstage/config-loader';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject, JsonValue } from '@backstage/types';
import { integrationCreatePermission } from '@integrations-hub/backstage-plugin-integrations-common';
import { createIntegrationsPolicyHandler } from './IntegrationsRightsPolicy';

const PAT = 'user:default/pat';
const userInfo: UserInfoService = {
  getUserInfo: async () => ({
    userEntityRef: PAT,
    ownershipEntityRefs: [PAT],
  }),
};

const rightsConfig = (manageAll: JsonValue): JsonObject => ({
  integrationsHub: { rights: { manageAll } },
});

/** Waits until the config source's change reached the subscribers. */
const settled = () => new Promise(resolve => setTimeout(resolve, 50));

describe('createIntegrationsPolicyHandler', () => {
  it('applies rights edited in config without a restart, and keeps them through a broken edit', async () => {
    const source = MutableConfigSource.create({ data: rightsConfig([]) });
    const config = await ConfigSources.toConfig(source);
    const logger = mockServices.logger.mock();
    const handler = createIntegrationsPolicyHandler({
      config,
      userInfo,
      logger,
    });
    const create = async () =>
      (
        await handler(
          { permission: integrationCreatePermission },
          {
            credentials: mockCredentials.user(PAT),
            info: { userEntityRef: PAT, ownershipEntityRefs: [PAT] },
          },
        )
      )?.result;

    expect(await create()).toBe(AuthorizeResult.DENY);

    source.setData(rightsConfig([PAT]));
    await settled();
    expect(await create()).toBe(AuthorizeResult.ALLOW);

    source.setData(rightsConfig('not a list'));
    await settled();
    expect(await create()).toBe(AuthorizeResult.ALLOW);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Integrations rights not reloaded'),
    );
    source.close();
  });
});
