import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { CredentialOpener } from '../../core/crypto/CredentialOpener';
import { IntegrationRecord } from '../../core/store/types';
import { AddressPolicy } from '../../core/net/addressPolicy';
import { LookupFunction, systemLookup } from '../../core/net/pinnedLookup';
import { CheckNotifier } from './CheckNotifier';
import { CheckService, CheckServiceOptions } from './CheckService';
import { CheckStore } from './CheckStore';
import { readChecksConfig } from './config';
import { SafeFetch } from './safeFetch';

interface ConnectionChecksOptions {
  config: Config;
  typeIds: string[];
  db: Knex;
  records: { get(id: string): Promise<IntegrationRecord | undefined> };
  gate: CheckServiceOptions['gate'];
  guard: CheckServiceOptions['guard'];
  opener: CredentialOpener;
  auditor: AuditorService;
  logger: LoggerService;
  scheduler: SchedulerService;
  /** Absent or failing: changes are logged instead of sent. */
  notifications?: NotificationService;
  /** Who is told about a change; the owner alone when absent. */
  recipients?: (integration: IntegrationRecord) => Promise<string[]>;
  /** Tests inject a resolver; production resolves with the system's DNS. */
  lookup?: LookupFunction;
}

/** Reads `integrationsHub.checks`, builds the check service and schedules its rounds. */
export async function createConnectionChecks(
  options: ConnectionChecksOptions,
): Promise<CheckService> {
  const config = readChecksConfig(options.config, options.typeIds);
  const service = new CheckService({
    store: new CheckStore(options.db, config.historySize),
    records: options.records,
    gate: options.gate,
    guard: options.guard,
    opener: options.opener,
    config,
    fetcher: new SafeFetch(
      new AddressPolicy(config.allowedCidrs),
      config.limits,
      options.lookup ?? systemLookup,
    ),
    notifier: new CheckNotifier(
      options.notifications,
      options.logger,
      options.recipients,
    ),
    auditor: options.auditor,
    logger: options.logger,
  });
  if (config.scheduleEnabled) {
    // Global scope: one replica runs each round, so owners are notified once.
    await options.scheduler.scheduleTask({
      id: 'integrations-connection-checks',
      scope: 'global',
      frequency: { minutes: config.frequencyMinutes },
      timeout: { minutes: Math.max(5, config.frequencyMinutes) },
      initialDelay: { minutes: 1 },
      fn: async () => {
        await service.runScheduled();
      },
    });
  }
  return service;
}
