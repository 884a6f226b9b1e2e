import { Entity } from '@backstage/catalog-model';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_INTEGRATION,
  RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
  RESOURCE_TYPE_INTEGRATION_PROJECT,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationFilter } from '../store/types';

/**
 * What the integration rules read of an integration: its owner and the entities it
 * is assigned to. The stored record (credentials' ciphertext and the rest) stays internal.
 *
 * @public
 */
export interface IntegrationPermissionResource {
  /** Entity ref of the owning user or group. */
  owner: string;
  /** The catalog entities it is assigned to, paused or not. */
  projects: Array<{ entityRef: string }>;
}

/**
 * The `integration` resource type (read, update, delete), owned by this plugin.
 *
 * @public
 */
export const integrationResourceRef = createPermissionResourceRef<
  IntegrationPermissionResource,
  IntegrationFilter
>().with({ pluginId: 'integrations', resourceType: RESOURCE_TYPE_INTEGRATION });

/**
 * The `integration-credential` resource type (reveal, use): the same record as
 * `integration`, a type of its own so a policy grants it separately.
 *
 * @public
 */
export const integrationCredentialResourceRef = createPermissionResourceRef<
  IntegrationPermissionResource,
  IntegrationFilter
>().with({
  pluginId: 'integrations',
  resourceType: RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
});

/**
 * What a project rule could put on a query; no list is filtered by it today.
 *
 * @public
 */
export type IntegrationProjectFilter = { property: 'owner'; values: string[] };

/**
 * The `integration-project` resource type (assign): a catalog entity, loaded by this plugin.
 *
 * @public
 */
export const integrationProjectResourceRef = createPermissionResourceRef<
  Entity,
  IntegrationProjectFilter
>().with({
  pluginId: 'integrations',
  resourceType: RESOURCE_TYPE_INTEGRATION_PROJECT,
});
