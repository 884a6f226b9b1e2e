import { LoggerService, AuditorService } from '@backstage/backend-plugin-api';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { credentialAad, Keyring } from '../crypto/keyring';
import { CredentialVersionsStore } from '../store/CredentialVersionsStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { rotationState } from '../integrations/presenters';

const BATCH = 200;

/**
 * Re-encrypts credentials still sealed under an older key with the active key,
 * then reports how many rows each key protects (a key at 0 can be removed).
 */
export async function reencryptCredentials(
  store: IntegrationsStore,
  keyring: Keyring,
  logger: LoggerService,
  versions?: CredentialVersionsStore,
): Promise<{ reencrypted: number; byKey: Record<string, number> }> {
  let reencrypted = versions
    ? await reencryptVersions(versions, keyring, logger)
    : 0;
  for (;;) {
    const batch = await store.listCredentialsNotUnder(
      keyring.activeKeyId,
      BATCH,
    );
    let progressed = 0;
    for (const row of batch) {
      const aad = credentialAad(row.integrationId, row.key);
      try {
        const { sealed, keyId } = keyring.seal(
          keyring.open(row.ciphertext, aad),
          aad,
        );
        if (
          await store.replaceCiphertext(
            row.integrationId,
            row.key,
            row.ciphertext,
            { ciphertext: sealed, keyId },
          )
        ) {
          reencrypted += 1;
          progressed += 1;
        }
      } catch (error) {
        logger.error(
          `Credential "${row.key}" of integration ${
            row.integrationId
          } could not be re-encrypted: ${(error as Error).message}`,
        );
      }
    }
    // Stop when nothing moved: rows left are unreadable and were logged.
    if (batch.length < BATCH || progressed === 0) break;
  }
  const byKey = await store.countCredentialsByKey();
  // A key still sealing a kept version is still in use.
  for (const [id, n] of Object.entries((await versions?.countByKey()) ?? {}))
    byKey[id] = (byKey[id] ?? 0) + n;
  const summary =
    Object.entries(byKey)
      .map(([id, n]) => `${id}=${n}`)
      .join(', ') || 'none';
  logger.info(
    `Integrations credentials per encryption key: ${summary} (re-encrypted ${reencrypted})`,
  );
  return { reencrypted, byKey };
}

/** Kept previous values move to the active key too, so old keys can be removed. */
async function reencryptVersions(
  versions: CredentialVersionsStore,
  keyring: Keyring,
  logger: LoggerService,
): Promise<number> {
  let reencrypted = 0;
  for (;;) {
    const batch = await versions.listNotUnder(keyring.activeKeyId, BATCH);
    let progressed = 0;
    for (const row of batch) {
      const aad = credentialAad(row.integrationId, row.key);
      try {
        const { sealed, keyId } = keyring.seal(
          keyring.open(row.ciphertext, aad),
          aad,
        );
        if (
          await versions.replaceCiphertext(row.id, row.ciphertext, {
            ciphertext: sealed,
            keyId,
          })
        ) {
          reencrypted += 1;
          progressed += 1;
        }
      } catch (error) {
        logger.error(
          `Version ${row.version} of credential "${row.key}" of integration ${
            row.integrationId
          } could not be re-encrypted: ${(error as Error).message}`,
        );
      }
    }
    if (batch.length < BATCH || progressed === 0) return reencrypted;
  }
}

/** Logs and audits credentials that are past their type's rotation period or expired. */
export async function reportRotationDue(
  store: IntegrationsStore,
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
