import { integrationCreatePermission } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsService } from '../service/IntegrationsService';
import { SecretAccessGuard } from '../service/SecretAccessGuard';
import { CheckAccess } from './CheckService';

/** The integrations service's permission decisions, as connection checks need them. */
export function checkAccessFrom(
  integrations: IntegrationsService,
  guard: SecretAccessGuard,
): CheckAccess {
  return {
    readable: (id, credentials) => integrations.getReadable(id, credentials),
    assertAllowed: (permission, record, credentials, what) =>
      integrations.authorizer.assertAllowed(
        permission,
        record,
        credentials,
        what,
      ),
    allowsCreate: credentials =>
      integrations.authorizer.allowsBasic(
        integrationCreatePermission,
        credentials,
      ),
    assertUserMayReadSecrets: credentials =>
      guard.assertUserMayReadSecrets(credentials),
  };
}
