import { integrationCreatePermission } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsService } from '../../core/integrations/IntegrationsService';
import { SecretAccessGuard } from '../../core/credentials/SecretAccessGuard';
import { CheckAccess } from './CheckService';

/**
 * The integrations service's permission decisions, as connection checks need
 * them: read (404), update to change a definition, reveal (resource type
 * `integration-credential`) to test with stored values, create to test a draft.
 */
export function checkAccessFrom(
  integrations: IntegrationsService,
  guard: SecretAccessGuard,
): CheckAccess {
  return {
    readable: (id, credentials) => integrations.getReadable(id, credentials),
    // The refusal names the permission and the integration; `what` is not needed for it.
    assertAllowed: (permission, record, credentials) =>
      integrations.authorizer.assertAllowed(permission, record, credentials),
    allowsCreate: credentials =>
      integrations.authorizer.allowsBasic(
        integrationCreatePermission,
        credentials,
      ),
    assertUserMayReadSecrets: credentials =>
      guard.assertUserMayReadSecrets(credentials),
  };
}
