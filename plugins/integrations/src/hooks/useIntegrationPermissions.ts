import { usePermission } from '@backstage/plugin-permission-react';
import {
  integrationCredentialRevealPermission,
  integrationDeletePermission,
  integrationUpdatePermission,
} from '@integrations-hub/backstage-plugin-integrations-common';

/** What the user may do with one integration (nothing decided yet reads as no). */
export function useIntegrationPermissions(id: string | undefined) {
  const resourceRef = id ?? '';
  const reveal = usePermission({
    permission: integrationCredentialRevealPermission,
    resourceRef,
  });
  const remove = usePermission({
    permission: integrationDeletePermission,
    resourceRef,
  });
  const update = usePermission({
    permission: integrationUpdatePermission,
    resourceRef,
  });
  return {
    canReveal: !!id && reveal.allowed,
    canDelete: !!id && remove.allowed,
    canUpdate: !!id && update.allowed,
  };
}
