import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { Keyring } from '../crypto/keyring';
import { hasKey } from '../crypto/valuesByKey';
import { CredentialVersionsStore } from '../store/CredentialVersionsStore';
import { CredentialMaintenanceStore } from '../store/CredentialMaintenanceStore';
import { rotationState } from '../integrations/presenters';
import {
  CredentialOpener,
  CredentialUnavailableError,
  StoredValue,
} from '../crypto/CredentialOpener';

const BATCH = 200;

/**
 * The re-encryption loop: rows not under the active key, a batch at a time,
 * each sealed afresh and swapped only if unchanged. Stops when nothing moved:
 * rows left do not open and were logged by the opener.
 */
async function reencryptRows<R extends StoredValue>(
  opener: CredentialOpener,
  listNotUnder: (keyId: string, limit: number) => Promise<R[]>,
  replace: (
    row: R,
    next: { ciphertext: string; keyId: string },
  ) => Promise<boolean>,
): Promise<number> {
  let reencrypted = 0;
  for (;;) {
    const batch = await listNotUnder(opener.activeKeyId, BATCH);
    let progressed = 0;
    for (const row of batch) {
      let next;
      try {
        next = opener.reseal(row);
      } catch (error) {
        if (error instanceof CredentialUnavailableError) continue;
        throw error;
      }
      if (await replace(row, next)) {
        reencrypted += 1;
        progressed += 1;
      }
    }
    if (batch.length < BATCH || progressed === 0) return reencrypted;
  }
}

/**
 * Re-encrypts credentials still sealed under an older key with the active key,
 * kept previous values too (so old keys can be removed), then reports how many
 * rows each key protects (a key at 0 can be removed).
 */
export async function reencryptCredentials(
  store: CredentialMaintenanceStore,
  keyring: Keyring,
  logger: LoggerService,
  versions?: CredentialVersionsStore,
): Promise<{ reencrypted: number; byKey: Record<string, number> }> {
  const opener = new CredentialOpener(keyring, logger);
  let reencrypted = 0;
  if (versions) {
    reencrypted += await reencryptRows(
      opener,
      (keyId, limit) => versions.listNotUnder(keyId, limit),
      (row, next) => versions.replaceCiphertext(row.id, row.ciphertext, next),
    );
  }
  reencrypted += await reencryptRows(
    opener,
    (keyId, limit) => store.listCredentialsNotUnder(keyId, limit),
    (row, next) =>
      store.replaceCiphertext(row.integrationId, row.key, row.ciphertext, next),
  );
  const byKey = await store.countCredentialsByKey();
  // A key still sealing a kept version is still in use.
  for (const [id, n] of Object.entries((await versions?.countByKey()) ?? {}))
    byKey[id] = (hasKey(byKey, id) ? byKey[id] : 0) + n;
  const summary =
    Object.entries(byKey)
      .map(([id, n]) => `${id}=${n}`)
      .join(', ') || 'none';
  logger.info(
    `Integrations credentials per encryption key: ${summary} (re-encrypted ${reencrypted})`,
  );
  return { reencrypted, byKey };
}

/** Logs and audits credentials that are past their type's rotation period or expired. */
export async function reportRotationDue(
  store: CredentialMaintenanceStore,
  types: IntegrationType[],
  logger: LoggerService,
  auditor: AuditorService,
  now = new Date(),
) {
  const byId = new Map(types.map(t => [t.id, t]));
  const overdue = (await store.listCredentialAges())
    .map(c => ({ ...c, state: rotationState(c, byId.get(c.type), now) }))
    .filter(c => c.state !== 'ok');
  for (const c of overdue) {
    logger.warn(
      `Credential "${c.key}" of integration "${c.name}" (${
        c.integrationId
      }) is ${c.state === 'due' ? 'due for rotation' : 'expired'}`,
    );
  }
  if (overdue.length) {
    const event = await auditor.createEvent({
      eventId: 'credential-rotation-due',
      severityLevel: 'medium',
    });
    await event.success({
      meta: {
        credentials: overdue.map(c => ({
          integrationId: c.integrationId,
          key: c.key,
          state: c.state,
        })),
      },
    });
  }
  return overdue.map(c => ({
    integrationId: c.integrationId,
    key: c.key,
    state: c.state,
  }));
}

/**
 * Schedules the core's own upkeep: re-encryption under the active key
 * (`integrationsHub.encryption.reencryptFrequencyMinutes`, default 60) and the
 * daily report of credentials due for rotation or expired.
 */
export async function scheduleCredentialMaintenance(options: {
  scheduler: SchedulerService;
  config: Config;
  store: CredentialMaintenanceStore;
  versions: CredentialVersionsStore;
  keyring: Keyring;
  types: IntegrationType[];
  logger: LoggerService;
  auditor: AuditorService;
}) {
  const { scheduler, config, store, versions, keyring, types, logger } =
    options;
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
      await reencryptCredentials(store, keyring, logger, versions);
    },
  });
  await scheduler.scheduleTask({
    id: 'integrations-rotation-check',
    frequency: { hours: 24 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      await reportRotationDue(store, types, logger, options.auditor);
    },
  });
}
