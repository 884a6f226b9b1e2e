import { Entity } from '@backstage/catalog-model';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_INTEGRATION,
  RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
  RESOURCE_TYPE_INTEGRATION_PROJECT,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationFilter, IntegrationRecord } from '../store/types';

/**
 * The `integration` resource type (read, update, delete), owned by this plugin.
 *
 * @public
 */
export const integrationResourceRef = createPermissionResourceRef<
  IntegrationRecord,
  IntegrationFilter
>().with({ pluginId: 'integrations', resourceType: RESOURCE_TYPE_INTEGRATION });

/**
 * The `integration-credential` resource type (reveal, use): the same record as
 * `integration`, a type of its own so a policy grants it separately.
 *
 * @public
 */
export const integrationCredentialResourceRef = createPermissionResourceRef<
  IntegrationRecord,
  IntegrationFilter
>().with({
  pluginId: 'integrations',
  resourceType: RESOURCE_TYPE_INTEGRATION_CREDENTIAL,
});

/** What a project rule could put on a query; no list is filtered by it today. */
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
