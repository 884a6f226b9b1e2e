import {
  AuthService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  integrationCreatePermission,
  integrationDeletePermission,
  integrationProjectAssignPermission,
  integrationReadPermission,
  integrationUpdatePermission,
  RESOURCE_TYPE_INTEGRATION,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  integrationPermissionRules,
  integrationResourceRef,
} from '../permissions/rules';
import { IntegrationFilter, IntegrationRecord } from '../store/types';
import { SharedDecisions } from './SharedDecisions';

type IntegrationPermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION
>;
type IntegrationRuleset = PermissionRuleset<
  IntegrationRecord,
  IntegrationFilter
>;

/** What a caller may see in a list: everything, nothing, or a SQL filter. */
export type ListAccess =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'filtered'; filter: PermissionCriteria<IntegrationFilter> };

/**
 * Decisions one user's requests may share (in flight, and briefly after):
 * none of them guards a secret value. Reveal and use always ask on their own.
 */
const SHAREABLE = new Set(
  [
    integrationReadPermission,
    integrationCreatePermission,
    integrationUpdatePermission,
    integrationDeletePermission,
    integrationProjectAssignPermission,
  ].map(p => p.name),
);

/** The same answer as for an id that does not exist, so a status never tells which ids exist. */
export const notFound = (id: string) =>
  new NotFoundError(`Integration ${id} not found`);

/** Our own rules as a ruleset, for services built without the registry (unit tests). */
function localRuleset(): IntegrationRuleset {
  const rules = Object.values(integrationPermissionRules);
  return {
    getRuleByName(name) {
      const rule = rules.find(r => r.name === name);
      if (!rule) throw new Error(`Unknown integration permission rule ${name}`);
      return rule as any;
    },
  };
}

/**
 * Permission decisions for integrations, applied in process or as SQL. One
 * instance is shared by every service, built from the registry's ruleset so
 * rules added by modules apply too.
 */
export class IntegrationsAuthorizer {
  static create(options: {
    permissions: PermissionsService;
    permissionsRegistry?: PermissionsRegistryService;
    /** Lets one user's requests share a decision; without it each asks alone. */
    auth?: AuthService;
    /** How long a settled shareable decision is reused (ms); 0 shares it only in flight. */
    decisionReuseMs?: number;
  }) {
    const ruleset =
      options.permissionsRegistry?.getPermissionRuleset(
        integrationResourceRef,
      ) ?? localRuleset();
    return new IntegrationsAuthorizer(
      options.permissions,
      ruleset,
      new SharedDecisions(options.auth, options.decisionReuseMs ?? 0),
    );
  }

  private readonly isAllowedByConditions: (
    decision: PolicyDecision,
    resource: IntegrationRecord | undefined,
  ) => boolean;
  private readonly toFilter: ConditionTransformer<IntegrationFilter>;

  constructor(
    private readonly permissions: PermissionsService,
    permissionRuleset: IntegrationRuleset,
    private readonly shared: SharedDecisions<PolicyDecision> = new SharedDecisions(),
  ) {
    this.isAllowedByConditions = createConditionAuthorizer(permissionRuleset);
    this.toFilter = createConditionTransformer(permissionRuleset);
  }

  /** One policy decision, to check against as many records as needed. */
  async decide(
    permission: IntegrationPermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    return this.decideConditional(permission, credentials);
  }

  /** Whether a decision (ALLOW, DENY or CONDITIONAL) lets the caller act on `integration`. */
  permits(decision: PolicyDecision, integration: IntegrationRecord): boolean {
    return this.isAllowedByConditions(decision, integration);
  }

  async listAccess(
    permission: IntegrationPermission,
    credentials: BackstageCredentials,
  ): Promise<ListAccess> {
    const decision = await this.decide(permission, credentials);
    if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return { kind: 'filtered', filter: this.toFilter(decision.conditions) };
    }
    return { kind: 'none' };
  }

  async allowsBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) {
    const fetch = async (): Promise<PolicyDecision> => {
      const [decision] = await this.permissions.authorize([{ permission }], {
        credentials,
      });
      return decision;
    };
    const decision = SHAREABLE.has(permission.name)
      ? await this.shared.share(`basic ${permission.name}`, credentials, fetch)
      : await fetch();
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** 404, exactly as for a missing id, unless the caller may read the record. */
  async assertReadable(
    permission: IntegrationPermission,
    integration: IntegrationRecord,
    credentials: BackstageCredentials,
  ) {
    const decision = await this.decide(permission, credentials);
    if (!this.permits(decision, integration)) throw notFound(integration.id);
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
    // Without a resource the policy's ALLOW or DENY holds for every entity (and may be shared).
    const overall = await this.decideConditional(
      integrationProjectAssignPermission,
      credentials,
    );
    if (overall.result === AuthorizeResult.ALLOW) return;
    // CONDITIONAL: the catalog applies its conditions to each entity.
    const decisions =
      overall.result === AuthorizeResult.DENY
        ? projects.map(() => overall)
        : await this.permissions.authorize(
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

  private async decideConditional(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const fetch = async () => {
      const [decision] = await this.permissions.authorizeConditional(
        [{ permission }],
        { credentials },
      );
      return decision;
    };
    if (!SHAREABLE.has(permission.name)) return fetch();
    return this.shared.share(
      `conditional ${permission.name}`,
      credentials,
      fetch,
    );
  }
}
