import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { integrationReadPermission } from '@integrations-hub/backstage-plugin-integrations-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * What the caller may read: `all` (ALLOW), `none` (DENY) or `some`
 * (CONDITIONAL: only the integrations the policy's conditions let through).
 */
export type ReadAccess = 'all' | 'some' | 'none';

/**
 * The read decision without a resource, asked of the permission API directly:
 * `usePermission` answers DENY for any resource permission without a
 * resourceRef, without asking. The stock permission backend refuses such a
 * request from a user (400) and its client rejects a CONDITIONAL answer, so a
 * decision that cannot be read counts as `some`: the list is then all we know.
 */
export function useReadAccess() {
  const permissionApi = useApi(permissionApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    try {
      const { result } = await permissionApi.authorize({
        permission: integrationReadPermission,
      });
      // AuthorizeResult's values; permission-common is only a dev dependency here.
      const decision = String(result);
      if (decision === 'ALLOW') return 'all';
      if (decision === 'DENY') return 'none';
      return 'some';
    } catch {
      return 'some';
    }
  }, [permissionApi]);
  return { value: value as ReadAccess | undefined, loading, error, retry };
}
