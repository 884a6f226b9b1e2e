import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * A permissions service that answers each request from `decide`, as a policy
 * would: ALLOW or DENY per permission and caller (no conditions).
 * @public
 */
export function permissionsDeciding(
  decide: (
    permission: Permission,
    credentials: BackstageCredentials,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY,
): PermissionsService {
  return {
    async authorize(requests, options) {
      return requests.map(r => ({
        result: decide(r.permission, options.credentials),
      }));
    },
    async authorizeConditional(requests, options) {
      return requests.map(r => ({
        result: decide(r.permission, options.credentials),
      })) as any;
    },
  };
}
