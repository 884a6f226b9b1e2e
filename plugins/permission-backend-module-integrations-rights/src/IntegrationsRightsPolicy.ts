import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  decideIntegrationsPermission,
  isIntegrationsPermission,
} from './decision';
import { IntegrationsRights } from './rights';

/**
 * The building block for adopters with a policy of their own: the Integrations decision
 * for a request, or `undefined` when the permission is not an Integrations permission.
 *
 * @public
 */
export type IntegrationsPolicyHandler = (
  request: PolicyQuery,
  user?: PolicyQueryUser,
) => Promise<PolicyDecision | undefined>;

/** @public */
export function createIntegrationsPolicyHandler(options: {
  config: Config;
  userInfo: UserInfoService;
  /** Told about settings still read from a deprecated key, and about reloads. */
  logger?: LoggerService;
}): IntegrationsPolicyHandler {
  const read = () =>
    IntegrationsRights.fromConfig(options.config, message =>
      options.logger?.warn(message),
    );
  let rights = read();
  // Rights edited in app-config apply without a restart; a broken edit keeps the last good rights.
  options.config.subscribe?.(() => {
    try {
      rights = read();
      options.logger?.info('Integrations rights reloaded from config');
    } catch (error) {
      options.logger?.error(
        `Integrations rights not reloaded, the previous ones stay: ${error}`,
      );
    }
  });
  return async (request, user) => {
    const { permission } = request;
    if (!isIntegrationsPermission(permission)) return undefined;
    // Services are authorized by the permission backend before policies run; here only users.
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs } = await options.userInfo.getUserInfo(
      user.credentials,
    );
    return decideIntegrationsPermission(
      permission,
      rights.rightOf(ownershipEntityRefs),
      ownershipEntityRefs,
    );
  };
}

/**
 * A whole policy: the Integrations rights for Integrations permissions, ALLOW for every
 * other permission (as Backstage's allow-all policy does), so nothing else changes.
 *
 * @public
 */
export class IntegrationsRightsPolicy implements PermissionPolicy {
  private readonly decideIntegrations: IntegrationsPolicyHandler;

  constructor(options: {
    config: Config;
    userInfo: UserInfoService;
    logger?: LoggerService;
  }) {
    this.decideIntegrations = createIntegrationsPolicyHandler(options);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      (await this.decideIntegrations(request, user)) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
  }
}
