import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';

/** The opt-out for portals that run without the permission framework. Dangerous. */
const ALLOW_WITHOUT_PERMISSIONS_KEY =
  'integrationsHub.dangerouslyAllowSecretAccessWithoutPermissions';

/**
 * Without the permission framework every permission is allowed, so any signed-in user
 * (guest included) could read every secret. Refuse user reveal and resolve unless the
 * operator opts out explicitly.
 */
export class SecretAccessGuard {
  static fromConfig(config: Config, logger: LoggerService): SecretAccessGuard {
    const permissionsEnabled =
      config.getOptionalBoolean('permission.enabled') === true;
    const optedOut =
      config.getOptionalBoolean(ALLOW_WITHOUT_PERMISSIONS_KEY) === true;
    if (!permissionsEnabled) {
      logger.warn(
        optedOut
          ? `permission.enabled is not true and ${ALLOW_WITHOUT_PERMISSIONS_KEY} is set: every signed-in user may reveal and resolve every credential`
          : 'permission.enabled is not true: users are refused reveal and resolve until the permission framework is enabled',
      );
    }
    return new SecretAccessGuard(permissionsEnabled || optedOut);
  }

  constructor(private readonly userAccessAllowed: boolean) {}

  assertUserMayReadSecrets(credentials: BackstageCredentials) {
    const principal = credentials.principal as { type?: string };
    if (this.userAccessAllowed || principal.type !== 'user') return;
    throw new NotAllowedError(
      'Credential values are not shown while the permission framework is disabled: ' +
        `set permission.enabled: true with a policy (e.g. the integrations-rights module), or set ${ALLOW_WITHOUT_PERMISSIONS_KEY}: true (dangerous)`,
    );
  }
}
