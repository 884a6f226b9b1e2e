import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { DataKeys } from '../crypto/DataKeys';
import { Keyring } from '../crypto/keyring';
import { DataKeysStore } from '../store/DataKeysStore';
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
 * The migration loop: rows still sealed directly under the keyring, a batch
 * at a time, each sealed afresh under the current data key and swapped only
 * if unchanged (so replicas and concurrent writes never lose a value, and a
 * stopped run resumes where rows are left). Stops when nothing moved: rows
 * left do not open and were logged by the opener.
 */
async function moveRows<R extends StoredValue>(
  opener: CredentialOpener,
  listSealedDirectly: (limit: number) => Promise<R[]>,
  replace: (
    row: R,
    next: { ciphertext: string; keyId: string },
  ) => Promise<boolean>,
): Promise<number> {
  let moved = 0;
  for (;;) {
    const batch = await listSealedDirectly(BATCH);
    let progressed = 0;
    for (const row of batch) {
      let next;
      try {
        next = await opener.reseal(row);
      } catch (error) {
        if (error instanceof CredentialUnavailableError) continue;
        throw error;
      }
      if (await replace(row, next)) {
        moved += 1;
        progressed += 1;
      }
    }
    if (batch.length < BATCH || progressed === 0) return moved;
  }
}

/**
 * Envelope encryption upkeep, safe to run on any replica at any time:
 * rewraps data keys not under the active KEK (a KEK rotation or a move to
 * another provider; credential rows are not written), then moves values
 * still sealed directly under the keyring to data keys, kept previous
 * values too, and reports what each key protects (a keyring key with no
 * values and no data keys under it can be removed).
 */
export async function upkeepEncryption(options: {
  store: CredentialMaintenanceStore;
  versions?: CredentialVersionsStore;
  dataKeys: DataKeys;
  dataKeysStore: DataKeysStore;
  opener: CredentialOpener;
  /** Its key ids name the rows sealed directly under it. */
  keyring?: Keyring;
  logger: LoggerService;
}): Promise<{
  rewrapped: number;
  moved: number;
  byKey: Record<string, number>;
  byKek: Record<string, number>;
}> {
  const { store, versions, opener, keyring, logger } = options;
  const rewrapped = await options.dataKeys.rewrap();
  let moved = 0;
  const keyIds = keyring?.keyIds ?? [];
  if (keyIds.length && versions) {
    moved += await moveRows(
      opener,
      limit => versions.listUnder(keyIds, limit),
      (row, next) => versions.replaceCiphertext(row.id, row.ciphertext, next),
    );
  }
  if (keyIds.length) {
    moved += await moveRows(
      opener,
      limit => store.listCredentialsUnder(keyIds, limit),
      (row, next) =>
        store.replaceCiphertext(
          row.integrationId,
          row.key,
          row.ciphertext,
          next,
        ),
    );
  }
  const byKey = await store.countCredentialsByKey();
  // A key still sealing a kept version is still in use.
  for (const [id, n] of Object.entries((await versions?.countByKey()) ?? {}))
    byKey[id] = (hasKey(byKey, id) ? byKey[id] : 0) + n;
  const byKek = await options.dataKeysStore.countByKek();
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([id, n]) => `${id}=${n}`)
      .join(', ') || 'none';
  logger.info(
    `Integrations credentials per encryption key: ${list(
      byKey,
    )}; data keys per key-encryption key: ${list(
      byKek,
    )} (moved to data keys ${moved}, data keys rewrapped ${rewrapped})`,
  );
  return { rewrapped, moved, byKey, byKek };
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
 * Schedules the core's own upkeep: envelope encryption upkeep (rewrap, move
 * values to data keys) every `integrationsHub.encryption.reencryptFrequencyMinutes`
 * (default 60; the scheduler runs it on one replica at a time) and the daily
 * report of credentials due for rotation or expired.
 */
export async function scheduleCredentialMaintenance(options: {
  scheduler: SchedulerService;
  config: Config;
  store: CredentialMaintenanceStore;
  versions: CredentialVersionsStore;
  dataKeys: DataKeys;
  dataKeysStore: DataKeysStore;
  opener: CredentialOpener;
  keyring?: Keyring;
  types: IntegrationType[];
  logger: LoggerService;
  auditor: AuditorService;
}) {
  const { scheduler, config, types, logger } = options;
  await scheduler.scheduleTask({
    // The id of the re-encryption task it replaces, so its schedule row carries over.
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
      await upkeepEncryption(options);
    },
  });
  await scheduler.scheduleTask({
    id: 'integrations-rotation-check',
    frequency: { hours: 24 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      await reportRotationDue(options.store, types, logger, options.auditor);
    },
  });
}
