import { PermissionApi } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permission API that answers each permission as `decide` says, CONDITIONAL
 * included (the type says ALLOW or DENY; a policy may answer more), and
 * rejects when `decide` throws, as the stock backend does for a resource
 * permission asked without a resourceRef.
 */
export function permissionApiDeciding(
  decide: (permission: string) => AuthorizeResult,
): PermissionApi {
  return {
    authorize: async request =>
      ({ result: decide(request.permission.name) } as Awaited<
        ReturnType<PermissionApi['authorize']>
      >),
  };
}
