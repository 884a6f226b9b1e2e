import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  readDecisionReuseMs,
  withMovedSettings,
  readIntegrationTypes,
  readOperateConfig,
} from './core/config';
import { Keyring } from './core/crypto/keyring';
import { catalogProjectLoader } from './core/permissions/projects';
import { registerIntegrationsPermissions } from './core/permissions/register';
import { registerIntegrationsActions } from './addons/actions/registerIntegrationsActions';
import { IntegrationChangesPublisher } from './addons/changeEvents';
import { createOperateServices } from './operateWiring';
import { checkAccessFrom } from './addons/checks/access';
import { createConnectionChecks } from './addons/checks/createConnectionChecks';
import { createRouter } from './router';
import { UsageStore } from './core/store/UsageStore';
import { UsageRecorder } from './core/usage/UsageRecorder';
import { IntegrationsAuthorizer } from './core/permissions/authorization';
import { CredentialAccess } from './core/credentials/CredentialAccess';
import { IntegrationsService } from './core/integrations/IntegrationsService';
import { SecretAccessGuard } from './core/credentials/SecretAccessGuard';
import {
  reencryptCredentials,
  reportRotationDue,
} from './core/credentials/maintenance';
import { CredentialVersionsStore } from './core/store/CredentialVersionsStore';
import { IntegrationsStore } from './core/store/IntegrationsStore';

/** The Integrations backend: encrypted credential store, HTTP API and permission rules. */
export const integrationsPlugin = createBackendPlugin({
  pluginId: 'integrations',
  register(env) {
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
        const { database, logger, scheduler, auditor } = deps;
        const { config, deprecations } = withMovedSettings(deps.config);
        deprecations.forEach(message => logger.warn(message));
        // Fail before serving anything when keys or types are misconfigured.
        const keyring = Keyring.fromConfig(config);
        const types = readIntegrationTypes(config);
        const { versionsKept, unusedAfterDays } = readOperateConfig(config);

        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@integrations-hub/backstage-plugin-integrations-backend',
              'migrations',
            ),
          });
        }
        const versionsStore = new CredentialVersionsStore(db, versionsKept);
        const store = new IntegrationsStore(db, versionsStore);
        // Three resource types: integration, integration-credential, integration-project.
        const projects = catalogProjectLoader(deps.catalog, deps.auth);
        registerIntegrationsPermissions({
          permissionsRegistry: deps.permissionsRegistry,
          getIntegrations: ids => store.getMany(ids),
          projects,
        });

        // One authorizer for every service, from the registry's rulesets.
        const authorizer = IntegrationsAuthorizer.create({
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          auth: deps.auth,
          decisionReuseMs: readDecisionReuseMs(config),
          projects,
        });
        // One publisher for every change: edits, pauses/resumes and rollbacks.
        const changes = new IntegrationChangesPublisher(deps.events, logger);
        const integrations = new IntegrationsService({
          store,
          keyring,
          types,
          authorizer,
          permissions: deps.permissions,
          changes,
          unusedAfterDays,
        });
        const operate = await createOperateServices({
          ...deps,
          db,
          store,
          versionsStore,
          integrations,
          keyring,
          types,
          changes,
        });
        // Resolve counts use in memory; written once a minute per key and on shutdown.
        const usage = UsageRecorder.create({
          store: new UsageStore(db),
          logger,
          lifecycle: deps.lifecycle,
        });
        // One guard for reveal, resolve and connection checks (which use secrets too).
        const guard = SecretAccessGuard.fromConfig(config, logger);
        const credentialAccess = new CredentialAccess({
          integrations,
          store,
          keyring,
          logger,
          guard,
          versions: operate.versions,
          usage,
        });

        const checks = await createConnectionChecks({
          config,
          typeIds: types.map(t => t.id),
          db,
          records: store,
          access: checkAccessFrom(integrations, guard),
          keyring,
          auditor,
          logger,
          scheduler,
          notifications: deps.notifications,
        });

        // Read-only actions for AI assistants (MCP), answered with the caller's rights.
        registerIntegrationsActions({
          actionsRegistry: deps.actionsRegistry,
          integrations,
          health: checks,
        });

        await scheduler.scheduleTask({
          id: 'integrations-reencrypt-credentials',
          frequency: {
            minutes:
              config.getOptionalNumber(
                'integrationsHub.encryption.reencryptFrequencyMinutes',
              ) ?? 60,
          },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await reencryptCredentials(store, keyring, logger, versionsStore);
          },
        });
        await scheduler.scheduleTask({
          id: 'integrations-rotation-check',
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await reportRotationDue(store, types, logger, auditor);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor,
            logger,
            integrations,
            credentialAccess,
            checks,
            operate,
          }),
        );
      },
    });
  },
});
