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
 * | `integrations.proxy.use`          | `integration`            | use (no action attribute) |
 *
 * "May see integrations" (`integration, read`) therefore grants neither reveal
 * nor use, and a catalog grant (`catalog-entity, update`) no longer grants assign.
 * Calling through the proxy (`integration, use`) grants neither resolve nor
 * reveal, and neither of those grants the proxy.
 */

/**
 * Integration records: see, change, delete. The resource is the integration.
 *
 * @public
 */
export const RESOURCE_TYPE_INTEGRATION = 'integration';

/**
 * The credentials of an integration: reveal to a person, use at run time. The
 * resource is still the integration record (resourceRef: its id), so the same
 * rules (IS_OWNER, IS_ASSIGNED_TO) apply, but a policy grants it separately.
 *
 * @public
 */
export const RESOURCE_TYPE_INTEGRATION_CREDENTIAL = 'integration-credential';

/**
 * A catalog entity as a project an integration may be assigned to
 * (resourceRef: the entity ref). Our plugin owns the type and evaluates its
 * rules (IS_OWNER on the entity's owners), so no catalog grant implies it.
 *
 * @public
 */
export const RESOURCE_TYPE_INTEGRATION_PROJECT = 'integration-project';

/** @public */
export type IntegrationResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION
>;
/** @public */
export type IntegrationCredentialResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION_CREDENTIAL
>;
/** @public */
export type IntegrationProjectResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION_PROJECT
>;

/**
 * See an integration: its name, URLs, projects and credential keys (never values).
 *
 * @public
 */
export const integrationReadPermission = createPermission({
  name: 'integrations.integration.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/**
 * Create integrations. Not a resource permission: there is no record yet.
 *
 * @public
 */
export const integrationCreatePermission = createPermission({
  name: 'integrations.integration.create',
  attributes: { action: 'create' },
});

/**
 * Change an integration (fields, URLs, credentials, projects, pauses, rollbacks).
 *
 * @public
 */
export const integrationUpdatePermission = createPermission({
  name: 'integrations.integration.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/** @public */
export const integrationDeletePermission = createPermission({
  name: 'integrations.integration.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/**
 * Show a stored credential value to a person (and test a connection with it). Audited.
 *
 * @public
 */
export const integrationCredentialRevealPermission = createPermission({
  name: 'integrations.credential.reveal',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
});

/**
 * Resolve decrypted credentials at run time (services). Audited. No action
 * attribute on purpose: RBAC calls a permission without one `use`, so
 * `integration-credential, use` grants exactly this and `read` does not.
 *
 * @public
 */
export const integrationCredentialUsePermission = createPermission({
  name: 'integrations.credential.use',
  attributes: {},
  resourceType: RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
});

/**
 * Assign a catalog entity (resourceRef: its entity ref) as a project of an integration.
 *
 * @public
 */
export const integrationProjectAssignPermission = createPermission({
  name: 'integrations.project.assign',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_INTEGRATION_PROJECT,
});

/**
 * Call an integration's API through the backend's proxy, which places the
 * credentials itself: the caller never holds a value. Audited. No action
 * attribute, on the `integration` type: RBAC calls it `integration, use`,
 * which no other permission is, so it grants neither resolve nor reveal.
 *
 * @public
 */
export const integrationProxyUsePermission = createPermission({
  name: 'integrations.proxy.use',
  attributes: {},
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/**
 * The resource permissions of each resource type, as the backend registers them.
 *
 * @public
 */
export const integrationResourcePermissions = [
  integrationReadPermission,
  integrationUpdatePermission,
  integrationDeletePermission,
  integrationProxyUsePermission,
];
/** @public */
export const integrationCredentialResourcePermissions = [
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
];
/** @public */
export const integrationProjectResourcePermissions = [
  integrationProjectAssignPermission,
];

/**
 * All eight permissions of the Integrations plugin.
 *
 * @public
 */
export const integrationsPermissions = [
  integrationReadPermission,
  integrationCreatePermission,
  integrationUpdatePermission,
  integrationDeletePermission,
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationProjectAssignPermission,
  integrationProxyUsePermission,
];
