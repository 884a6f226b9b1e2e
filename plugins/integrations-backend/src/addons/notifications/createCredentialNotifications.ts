import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { Knex } from 'knex';
import { CredentialMaintenanceStore } from '../../core/store/CredentialMaintenanceStore';
import { IntegrationsStore } from '../../core/store/IntegrationsStore';
import { CredentialNotifier } from './CredentialNotifier';
import { NoticesStore } from './NoticesStore';
import { OwnerRecipients } from './recipients';

/**
 * Owner notifications: builds the notifier (the core tells it of rollbacks)
 * and schedules the hourly look for credentials that became due or expired.
 */
export async function createCredentialNotifications(options: {
  db: Knex;
  integrations: IntegrationsStore;
  credentials: CredentialMaintenanceStore;
  types: IntegrationType[];
  logger: LoggerService;
  scheduler: SchedulerService;
  auth: AuthService;
  catalog: CatalogService;
  /** Absent or failing: nothing is sent, and nothing remembered as sent. */
  notifications?: NotificationService;
}): Promise<CredentialNotifier> {
  const { logger } = options;
  const notifier = new CredentialNotifier({
    notifications: options.notifications,
    recipients: new OwnerRecipients({
      catalog: options.catalog,
      auth: options.auth,
      logger,
    }),
    integrations: options.integrations,
    credentials: options.credentials,
    notices: new NoticesStore(options.db),
    types: options.types,
    logger,
  });
  await options.scheduler.scheduleTask({
    id: 'integrations-credential-notifications',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 2 },
    fn: async () => {
      const sent = await notifier.notifyRotationStates();
      if (sent) logger.info(`Notified owners of ${sent} credential change(s)`);
    },
  });
  return notifier;
}
