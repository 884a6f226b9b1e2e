import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  integrationProjectAssignPermission,
  RESOURCE_TYPE_INTEGRATION,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationPermissionRules } from '../permissions/rules';
import { IntegrationFilter, IntegrationRecord } from '../store/types';

type IntegrationPermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION
>;

const rules = Object.values(integrationPermissionRules);
const isAllowedByConditions = createConditionAuthorizer<
  IntegrationRecord,
  IntegrationFilter
>(rules);
const toFilter = createConditionTransformer<IntegrationFilter, typeof rules>(
  rules,
);

/** What a caller may see in a list: everything, nothing, or a SQL filter. */
export type ListAccess =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'filtered'; filter: PermissionCriteria<IntegrationFilter> };

/** Permission decisions for integrations, applied in process or as SQL. */
export class IntegrationsAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** One policy decision, to check against as many records as needed. */
  async decide(
    permission: IntegrationPermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      {
        credentials,
      },
    );
    return decision;
  }

  /** Whether a decision (ALLOW, DENY or CONDITIONAL) lets the caller act on `integration`. */
  permits(decision: PolicyDecision, integration: IntegrationRecord): boolean {
    return isAllowedByConditions(decision, integration);
  }

  async listAccess(
    permission: IntegrationPermission,
    credentials: BackstageCredentials,
  ): Promise<ListAccess> {
    const decision = await this.decide(permission, credentials);
    if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
    if (decision.result === AuthorizeResult.DENY) return { kind: 'none' };
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return { kind: 'filtered', filter: toFilter(decision.conditions) };
    }
    return { kind: 'none' };
  }

  async allowsBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Throws 403 unless the decision lets the caller act on every given record. */
  assertPermits(
    decision: PolicyDecision,
    integrations: IntegrationRecord[],
    what: string,
  ) {
    if (
      !integrations.every(integration => this.permits(decision, integration))
    ) {
      throw new NotAllowedError(
        `You are not allowed to ${what} this integration`,
      );
    }
  }

  async assertAllowed(
    permission: IntegrationPermission,
    integration: IntegrationRecord,
    credentials: BackstageCredentials,
    what: string,
  ) {
    this.assertPermits(
      await this.decide(permission, credentials),
      [integration],
      what,
    );
  }

  /** Each newly assigned project must be one the caller may assign (checked by the catalog's rules). */
  async assertMayAssign(projects: string[], credentials: BackstageCredentials) {
    if (projects.length === 0) return;
    const decisions = await this.permissions.authorize(
      projects.map(resourceRef => ({
        permission: integrationProjectAssignPermission,
        resourceRef,
      })),
      { credentials },
    );
    const denied = projects.filter(
      (_, index) => decisions[index].result !== AuthorizeResult.ALLOW,
    );
    if (denied.length) {
      throw new NotAllowedError(
        `projects: you may not assign ${denied.join(
          ', ',
        )} (only entities you own)`,
      );
    }
  }
}
