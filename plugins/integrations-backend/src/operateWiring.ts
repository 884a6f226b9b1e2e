import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { Knex } from 'knex';
import { Keyring } from './core/crypto/keyring';
import { OperateServices } from './core/http/operate.router';
import { IntegrationChangesPublisher } from './addons/changeEvents';
import { CredentialNotifier } from './addons/notifications/CredentialNotifier';
import { OwnerRecipients } from './addons/notifications/recipients';
import { ProjectAssignments } from './core/assignments/ProjectAssignments';
import { IntegrationsService } from './core/integrations/IntegrationsService';
import { IntegrationUsageService } from './core/usage/IntegrationUsageService';
import { CredentialVersions } from './core/versions/CredentialVersions';
import { AssignmentsStore } from './core/store/AssignmentsStore';
import { CredentialVersionsStore } from './core/store/CredentialVersionsStore';
import { IntegrationsStore } from './core/store/IntegrationsStore';
import { UsageStore } from './core/store/UsageStore';

/**
 * Wires pause/resume, versions and rollback, "used by" and owner
 * notifications; plugin.ts passes what it already has.
 */
export async function createOperateServices(deps: {
  db: Knex;
  store: IntegrationsStore;
  versionsStore: CredentialVersionsStore;
  integrations: IntegrationsService;
  keyring: Keyring;
  types: IntegrationType[];
  logger: LoggerService;
  scheduler: SchedulerService;
  auth: AuthService;
  catalog: CatalogService;
  notifications?: NotificationService;
  /** The publisher IntegrationsService uses: pauses, resumes and rollbacks go out too. */
  changes?: IntegrationChangesPublisher;
}): Promise<OperateServices> {
  const { db, integrations, logger, types } = deps;
  const notifier = new CredentialNotifier({
    notifications: deps.notifications,
    recipients: new OwnerRecipients({
      catalog: deps.catalog,
      auth: deps.auth,
      logger,
    }),
    integrations: deps.store,
    versions: deps.versionsStore,
    types,
    logger,
  });
  await deps.scheduler.scheduleTask({
    id: 'integrations-credential-notifications',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 2 },
    fn: async () => {
      const sent = await notifier.notifyRotationStates();
      if (sent) logger.info(`Notified owners of ${sent} credential change(s)`);
    },
  });
  return {
    assignments: new ProjectAssignments(
      integrations,
      new AssignmentsStore(db),
      undefined,
      deps.changes,
    ),
    versions: new CredentialVersions({
      integrations,
      store: deps.versionsStore,
      keyring: deps.keyring,
      logger,
      types,
      listener: notifier,
      changes: deps.changes,
    }),
    usage: new IntegrationUsageService(integrations, new UsageStore(db)),
  };
}
