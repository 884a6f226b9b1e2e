import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of every integration permission that targets one record. */
export const RESOURCE_TYPE_INTEGRATION = 'integration';

export type IntegrationResourcePermission = ResourcePermission<
  typeof RESOURCE_TYPE_INTEGRATION
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

/** Show a stored credential value to a person. Audited. */
export const integrationCredentialRevealPermission = createPermission({
  name: 'integrations.credential.reveal',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/** Resolve decrypted credentials at run time (services). Audited. */
export const integrationCredentialUsePermission = createPermission({
  name: 'integrations.credential.use',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_INTEGRATION,
});

/**
 * Assign a catalog entity ("project") to an integration. A resource permission
 * of the catalog's `catalog-entity` type, so policies can use the catalog's own
 * rules (e.g. isEntityOwner) and the catalog evaluates them.
 */
export const integrationProjectAssignPermission = createPermission({
  name: 'integrations.project.assign',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

export const integrationsPermissions = [
  integrationReadPermission,
  integrationCreatePermission,
  integrationUpdatePermission,
  integrationDeletePermission,
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  integrationProjectAssignPermission,
];
