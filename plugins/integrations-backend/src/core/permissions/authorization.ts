import {
  AuthService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
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
  PermissionRule,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  IntegrationCredentialResourcePermission,
  integrationCreatePermission,
  integrationDeletePermission,
  integrationProjectAssignPermission,
  integrationReadPermission,
  IntegrationResourcePermission,
  integrationUpdatePermission,
  RESOURCE_TYPE_INTEGRATION,
  RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { ProjectLoader } from './projects';
import {
  integrationCredentialPermissionRules,
  integrationCredentialResourceRef,
  integrationPermissionRules,
  integrationProjectPermissionRules,
  integrationProjectResourceRef,
  integrationResourceRef,
} from './rules';
import { IntegrationFilter, IntegrationRecord } from '../store/types';
import { SharedDecisions } from './SharedDecisions';

/** A permission decided on an integration record: `integration` or `integration-credential`. */
export type RecordPermission =
  | IntegrationResourcePermission
  | IntegrationCredentialResourcePermission;

type ConditionAuthorizer<T> = (
  decision: PolicyDecision,
  resource: T | undefined,
) => boolean;

/** What a caller may see in a list: everything, nothing, or a SQL filter. */
type ListAccess =
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

/** Every refusal names the permission that was missing, and what for. */
export const missingPermission = (
  permission: { name: string },
  target?: string,
) =>
  new NotAllowedError(
    `Missing permission ${permission.name}${target ? ` for ${target}` : ''}`,
  );

/** Our own rules as a ruleset, for services built without the registry (unit tests). */
function localRuleset<TResource, TQuery>(
  rules: Record<string, PermissionRule<TResource, TQuery, string, any>>,
): PermissionRuleset<TResource, TQuery> {
  return {
    getRuleByName(name) {
      const rule = Object.values(rules).find(r => r.name === name);
      if (!rule) throw new Error(`Unknown integration permission rule ${name}`);
      return rule;
    },
  };
}

/**
 * Permission decisions for integrations, applied in process or as SQL, for the
 * three resource types: `integration` and `integration-credential` on the
 * integration record, `integration-project` on the catalog entity. One
 * instance is shared by every service, built from the registry's rulesets so
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
    /** Loads the catalog entities a CONDITIONAL assign decision is applied to; without it such a decision refuses. */
    projects?: ProjectLoader;
  }) {
    const registry = options.permissionsRegistry;
    return new IntegrationsAuthorizer({
      permissions: options.permissions,
      integrationRules:
        registry?.getPermissionRuleset(integrationResourceRef) ??
        localRuleset(integrationPermissionRules),
      credentialRules:
        registry?.getPermissionRuleset(integrationCredentialResourceRef) ??
        localRuleset(integrationCredentialPermissionRules),
      projectRules:
        registry?.getPermissionRuleset(integrationProjectResourceRef) ??
        localRuleset(integrationProjectPermissionRules),
      projects: options.projects ?? (async refs => refs.map(() => undefined)),
      shared: new SharedDecisions(options.auth, options.decisionReuseMs ?? 0),
    });
  }

  private readonly permissions: PermissionsService;
  private readonly shared: SharedDecisions<PolicyDecision>;
  private readonly loadProjects: ProjectLoader;
  /** The conditions of a record decision, applied by the rules of its resource type. */
  private readonly recordAuthorizers: Map<
    string,
    ConditionAuthorizer<IntegrationRecord>
  >;
  private readonly projectAuthorizer: ConditionAuthorizer<Entity>;
  private readonly toFilter: ConditionTransformer<IntegrationFilter>;

  constructor(options: {
    permissions: PermissionsService;
    integrationRules: PermissionRuleset<IntegrationRecord, IntegrationFilter>;
    credentialRules: PermissionRuleset<IntegrationRecord, IntegrationFilter>;
    projectRules: PermissionRuleset<Entity, unknown>;
    projects: ProjectLoader;
    shared?: SharedDecisions<PolicyDecision>;
  }) {
    this.permissions = options.permissions;
    this.shared = options.shared ?? new SharedDecisions();
    this.loadProjects = options.projects;
    this.recordAuthorizers = new Map([
      [
        RESOURCE_TYPE_INTEGRATION,
        createConditionAuthorizer(options.integrationRules),
      ],
      [
        RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
        createConditionAuthorizer(options.credentialRules),
      ],
    ]);
    this.projectAuthorizer = createConditionAuthorizer(options.projectRules);
    // Only `integration` decisions become SQL: lists are filtered by read.
    this.toFilter = createConditionTransformer(options.integrationRules);
  }

  /** One policy decision, to check against as many records as needed. */
  async decide(
    permission: RecordPermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    return this.decideConditional(permission, credentials);
  }

  /** Whether a decision (ALLOW, DENY or CONDITIONAL) lets the caller act on `integration`. */
  permits(decision: PolicyDecision, integration: IntegrationRecord): boolean {
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return decision.result === AuthorizeResult.ALLOW;
    }
    // The permission backend only passes conditions of the permission's own resource type.
    const authorize = this.recordAuthorizers.get(decision.resourceType);
    if (!authorize) {
      throw new Error(
        `Conditions for resource type ${decision.resourceType} cannot be applied to an integration`,
      );
    }
    return authorize(decision, integration);
  }

  async listAccess(
    permission: IntegrationResourcePermission,
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

  /** Throws 403 naming `integrations.integration.create` unless the caller may create. */
  async assertMayCreate(credentials: BackstageCredentials) {
    if (!(await this.allowsBasic(integrationCreatePermission, credentials))) {
      throw missingPermission(integrationCreatePermission);
    }
  }

  /** 404, exactly as for a missing id, unless the caller may read the record. */
  async assertReadable(
    permission: IntegrationResourcePermission,
    integration: IntegrationRecord,
    credentials: BackstageCredentials,
  ) {
    const decision = await this.decide(permission, credentials);
    if (!this.permits(decision, integration)) throw notFound(integration.id);
  }

  /**
   * Throws 403 naming the permission unless the decision lets the caller act
   * on the record; `as` says which state of it was checked (e.g. after a change).
   */
  assertPermits(
    permission: RecordPermission,
    decision: PolicyDecision,
    integration: IntegrationRecord,
    as?: string,
  ) {
    if (!this.permits(decision, integration)) {
      throw missingPermission(
        permission,
        `integration ${integration.id}${as ? ` ${as}` : ''}`,
      );
    }
  }

  async assertAllowed(
    permission: RecordPermission,
    integration: IntegrationRecord,
    credentials: BackstageCredentials,
  ) {
    this.assertPermits(
      permission,
      await this.decide(permission, credentials),
      integration,
    );
  }

  /**
   * Each newly assigned project must be one the caller may assign. A
   * CONDITIONAL decision is applied here, to the entities loaded from the
   * catalog in one request, by the `integration-project` rules.
   */
  async assertMayAssign(projects: string[], credentials: BackstageCredentials) {
    if (projects.length === 0) return;
    const decision = await this.decideConditional(
      integrationProjectAssignPermission,
      credentials,
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    let denied = projects;
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      const entities = await this.loadProjects(projects);
      denied = projects.filter(
        (_, index) => !this.projectAuthorizer(decision, entities[index]),
      );
    }
    if (denied.length) {
      throw missingPermission(
        integrationProjectAssignPermission,
        denied.join(', '),
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
