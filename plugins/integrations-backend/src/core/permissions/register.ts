import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  integrationCreatePermission,
  integrationCredentialResourcePermissions,
  integrationProjectResourcePermissions,
  integrationResourcePermissions,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationRecord } from '../store/types';
import { ProjectLoader } from './projects';
import {
  integrationCredentialPermissionRules,
  integrationCredentialResourceRef,
  integrationPermissionRules,
  integrationProjectPermissionRules,
  integrationProjectResourceRef,
  integrationResourceRef,
} from './rules';

/**
 * Registers the eight permissions and the rules of the three resource types,
 * so the metadata endpoint lists them and the permission backend can ask this
 * plugin to apply conditions (each getResources loads all refs at once).
 */
export function registerIntegrationsPermissions(options: {
  permissionsRegistry: PermissionsRegistryService;
  /** Integration records by id, in the order asked, in one query. */
  getIntegrations(ids: string[]): Promise<Array<IntegrationRecord | undefined>>;
  projects: ProjectLoader;
}) {
  const { permissionsRegistry, getIntegrations, projects } = options;
  permissionsRegistry.addPermissions([integrationCreatePermission]);
  permissionsRegistry.addResourceType({
    resourceRef: integrationResourceRef,
    permissions: integrationResourcePermissions,
    rules: Object.values(integrationPermissionRules),
    getResources: getIntegrations,
  });
  permissionsRegistry.addResourceType({
    resourceRef: integrationCredentialResourceRef,
    permissions: integrationCredentialResourcePermissions,
    rules: Object.values(integrationCredentialPermissionRules),
    getResources: getIntegrations,
  });
  permissionsRegistry.addResourceType({
    resourceRef: integrationProjectResourceRef,
    permissions: integrationProjectResourcePermissions,
    rules: Object.values(integrationProjectPermissionRules),
    getResources: projects,
  });
}
