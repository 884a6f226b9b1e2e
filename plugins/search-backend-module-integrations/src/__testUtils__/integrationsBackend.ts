import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The real backend plugin's test helpers, so the module meets the real API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  integrationsBackendFeatures,
  permissionsDeciding,
} from '@integrations-hub/backstage-plugin-integrations-backend/testUtils';

export { integrationsBackendFeatures };

export const ALLOWED = 'user:default/alice';
export const REFUSED = 'user:default/bob';

/** As a policy would decide: services and alice may do everything; bob nothing. */
export const rightsByUser = permissionsDeciding((_permission, credentials) => {
  const principal = credentials.principal as any;
  if (principal?.type === 'service') return AuthorizeResult.ALLOW;
  return principal?.type === 'user' && principal.userEntityRef === ALLOWED
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
});
