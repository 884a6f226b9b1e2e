import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The real backend plugin's test helpers, so the module meets the real API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  captureOutput,
  integrationsBackendFeatures,
  permissionsDeciding,
} from '@integrations-hub/backstage-plugin-integrations-backend/testUtils';

export { captureOutput, integrationsBackendFeatures };

export const ALLOWED = 'user:default/alice';
export const REFUSED = 'user:default/bob';

/** As a policy would decide: alice may do everything; bob may only read. */
export const rightsByUser = permissionsDeciding((permission, credentials) => {
  const principal = credentials.principal as any;
  if (principal?.type === 'user' && principal.userEntityRef === ALLOWED)
    return AuthorizeResult.ALLOW;
  return permission.attributes.action === 'read'
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
});
