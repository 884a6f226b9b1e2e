import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/*
 * Three resource types, so that a policy engine which grants or conditions
 * permissions by (resource type, action) -- the community RBAC plugin does --
 * can never give more than it names:
 *
 * | permission                        | resource type            | action (as RBAC sees it)  |
 * | --------------------------------- | ------------------------ | ------------------------- |
 * | `integrations.integration.read`   | `integration`            | read                      |
 * | `integrations.integration.create` | (basic)                  | create                    |
 * | `integrations.integration.update` | `integration`            | update                    |
 * | `integrations.integration.delete` | `integration`            | delete                    |
 * | `integrations.credential.reveal`  | `integration-credential` | read                      |
 * | `integrations.credential.use`     | `integration-credential` | use (no action attribute) |
 * | `integrations.project.assign`     | `integration-project`    | update                    |
 *
 * "May see integrations" (`integration, read`) therefore grants neither reveal
 * nor use, and a catalog grant (`catalog-entity, update`) no longer grants assign.
 */

/** Integration records: see, change, delete. The resource is the integration. */
export const RESOURCE_TYPE_INTEGRATION = 'integration';

/**
 * The credentials of an integration: reveal to a person, use at run time. The
 * resource is still the integration record (resourceRef: its id), so the same
 * rules (IS_OWNER, IS_ASSIGNED_TO) apply, but a policy grants it separately.
 */
export const RESOURCE_TYPE_INTEGRATION_CREDENTIAL = 'integration-credential';

/**
 * A catalog entity as a project an integration may be assigned to
 * (resourceRef: the entity ref). Our plugin owns the type and evaluates its
 * rules (IS_OWNER on the entity's owners), so no catalog grant implies it.
 */
export const RESOURCE_TYPE_INTEGRATION_PROJECT = 'integration-project';

export type IntegrationResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION
>;
export type IntegrationCredentialResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION_CREDENTIAL
>;
export type IntegrationProjectResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION_PROJECT
>;

/** See an integration: its name, URLs, projects and credential keys (never values). */
export const integrationReadPermission = createPermission({
  name: 'integrations.integration.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/** Create integrations. Not a resource permission: there is no record yet. */
export const integrationCreatePermission = createPermission({
  name: 'integrations.integration.create',
  attributes: { action: 'create' },
});

/** Change an integration (fields, URLs, credentials, projects, pauses, rollbacks). */
export const integrationUpdatePermission = createPermission({
  name: 'integrations.integration.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

export const integrationDeletePermission = createPermission({
  name: 'integrations.integration.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/** Show a stored credential value to a person (and test a connection with it). Audited. */
export const integrationCredentialRevealPermission = createPermission({
  name: 'integrations.credential.reveal',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
});

/**
 * Resolve decrypted credentials at run time (services). Audited. No action
 * attribute on purpose: RBAC calls a permission without one `use`, so
 * `integration-credential, use` grants exactly this and `read` does not.
 */
export const integrationCredentialUsePermission = createPermission({
  name: 'integrations.credential.use',
  attributes: {},
  resourceType: RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
});

/** Assign a catalog entity (resourceRef: its entity ref) as a project of an integration. */
export const integrationProjectAssignPermission = createPermission({
  name: 'integrations.project.assign',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_INTEGRATION_PROJECT,
});

/** The resource permissions of each resource type, as the backend registers them. */
export const integrationResourcePermissions = [
  integrationReadPermission,
  integrationUpdatePermission,
  integrationDeletePermission,
];
export const integrationCredentialResourcePermissions = [
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
];
export const integrationProjectResourcePermissions = [
  integrationProjectAssignPermission,
];

/** All seven permissions of the Integrations plugin. */
export const integrationsPermissions = [
  integrationReadPermission,
  integrationCreatePermission,
  integrationUpdatePermission,
  integrationDeletePermission,
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationProjectAssignPermission,
];
