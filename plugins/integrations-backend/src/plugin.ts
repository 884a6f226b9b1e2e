import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  IntegrationsKeyProvider,
  integrationsKeyProvidersExtensionPoint,
} from '@integrations-hub/backstage-plugin-integrations-node';
import { registerIntegrationsActions } from './addons/actions/registerIntegrationsActions';
import { IntegrationChangesPublisher } from './addons/changeEvents';
import { createConnectionChecks } from './addons/checks/createConnectionChecks';
import { createIntegrationsProxy } from './addons/proxy/createIntegrationsProxy';
import { bindProxyEndpoints } from './addons/proxy/proxy.router';
import { createCredentialNotifications } from './addons/notifications/createCredentialNotifications';
import { bindOAuthEndpoints } from './addons/oauth/oauth.router';
import { createOAuthTokens } from './addons/oauth/createOAuthTokens';
import {
  readDataKeyCacheSeconds,
  readDecisionReuseMs,
  readIntegrationTypes,
  readUnusedAfterDays,
  readUsageFlushSeconds,
  readVersionsKept,
  withMovedSettings,
} from './core/config';
import { createIntegrationsCore } from './core/createIntegrationsCore';
import { allListeners } from './core/integrations/changes';
import { scheduleCredentialMaintenance } from './core/credentials/maintenance';
import { SecretAccessGuard } from './core/credentials/SecretAccessGuard';
import { KeyProviders } from './core/crypto/keyProviders';
import { catalogProjectLoader } from './core/permissions/projects';
import { registerIntegrationsPermissions } from './core/permissions/register';
import { createCoreStores } from './core/store/CoreStores';
import { UsageRecorder } from './core/usage/UsageRecorder';
import { createRouter } from './router';

/**
 * The Integrations backend: encrypted credential store, HTTP API and permission rules.
 *
 * @public
 */
export const integrationsPlugin = createBackendPlugin({
  pluginId: 'integrations',
  register(env) {
    // Modules add key providers (an HSM, a cloud KMS) before init runs.
    const addedKeyProviders: IntegrationsKeyProvider[] = [];
    env.registerExtensionPoint(integrationsKeyProvidersExtensionPoint, {
      addKeyProvider(provider) {
        addedKeyProviders.push(provider);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, auditor, auth, catalog } = deps;
        const { config, deprecations } = withMovedSettings(deps.config);
        deprecations.forEach(message => logger.warn(message));
        // Fail before serving anything when keys or types are misconfigured.
        const keys = KeyProviders.fromConfig(config, addedKeyProviders);
        const types = readIntegrationTypes(config);

        const stores = await createCoreStores({
          database: deps.database,
          versionsKept: readVersionsKept(config),
        });
        // Three resource types, each answered in one query for all refs.
        const projects = catalogProjectLoader(catalog, auth);
        registerIntegrationsPermissions({
          permissionsRegistry: deps.permissionsRegistry,
          getIntegrations: ids => stores.integrations.getMany(ids),
          projects,
        });

        // Add-ons the core tells about changes and rollbacks.
        const changes = new IntegrationChangesPublisher(deps.events, logger);
        const notifier = await createCredentialNotifications({
          db: stores.db,
          integrations: stores.integrations,
          credentials: stores.maintenance,
          types,
          logger,
          scheduler,
          auth,
          catalog,
          notifications: deps.notifications,
        });
        const guard = SecretAccessGuard.fromConfig(config, logger);
        // Built before the core: resolve trades client secrets for tokens through it.
        const oauth = createOAuthTokens({
          config,
          typeIds: types.map(t => t.id),
          db: stores.db,
          logger,
          notifications: deps.notifications,
        });
        // Shared by resolve and the proxy: both count as use.
        const usage = UsageRecorder.create({
          store: stores.usage,
          logger,
          lifecycle: deps.lifecycle,
          flushIntervalMs: readUsageFlushSeconds(config) * 1000,
        });
        const core = createIntegrationsCore({
          stores,
          keyring: keys.keyring,
          keyProviders: keys.providers,
          dataKeyCacheMs: readDataKeyCacheSeconds(config) * 1000,
          types,
          logger,
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          auth,
          decisionReuseMs: readDecisionReuseMs(config),
          projects,
          guard,
          usage,
          unusedAfterDays: readUnusedAfterDays(config),
          exchange: oauth.exchange,
          listeners: {
            changes: allListeners(changes, oauth.exchange),
            rollbacks: notifier,
          },
        });
        await scheduleCredentialMaintenance({
          scheduler,
          config,
          store: stores.maintenance,
          versions: stores.versions,
          dataKeys: core.dataKeys,
          dataKeysStore: stores.dataKeys,
          opener: core.opener,
          keyring: keys.keyring,
          types,
          logger,
          auditor,
        });

        const checks = await createConnectionChecks({
          config,
          typeIds: types.map(t => t.id),
          db: stores.db,
          records: stores.integrations,
          gate: core.gate,
          guard,
          opener: core.opener,
          auditor,
          logger,
          scheduler,
          notifications: deps.notifications,
        });
        // Read-only actions for AI assistants (MCP), answered with the caller's rights.
        registerIntegrationsActions({
          actionsRegistry: deps.actionsRegistry,
          integrations: core.integrations,
          health: checks,
        });

        // Calls an integration's API with credentials the caller never holds.
        const proxy = createIntegrationsProxy({
          config,
          typeIds: types.map(t => t.id),
          gate: core.gate,
          openForUse: record => core.credentialAccess.openForUse(record),
          httpAuth: deps.httpAuth,
          auditor,
          usage,
          lifecycle: deps.lifecycle,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor,
            logger,
            core,
            checks,
            rawRouters: [proxy.router],
            addons: [
              (api, endpointDeps) =>
                bindOAuthEndpoints(
                  api,
                  endpointDeps,
                  oauth.settings(core.gate, stores.history),
                ),
              (api, endpointDeps) =>
                bindProxyEndpoints(api, endpointDeps, proxy.service),
            ],
          }),
        );
      },
    });
  },
});
