import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CredentialVersion,
  CredentialVersionList,
  IntegrationType,
  integrationUpdatePermission,
  parseInput,
  PreviousCredential,
  RollbackInput,
  rollbackInputSchema,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  CredentialOpener,
  CredentialUnavailableError,
} from '../crypto/CredentialOpener';
import { valuesByKey } from '../crypto/valuesByKey';
import { ChangeListener } from '../integrations/changes';
import {
  CredentialVersionRecord,
  CredentialVersionsStore,
} from '../store/CredentialVersionsStore';
import { CredentialRecord, IntegrationRecord } from '../store/types';
import { actorOf } from '../integrations/actor';
import { IntegrationGate } from '../permissions/IntegrationGate';

const MINUTE_MS = 60_000;

/** Told when a credential is rolled back (owners are notified); optional. */
export interface RollbackListener {
  credentialRolledBack(
    record: IntegrationRecord,
    change: { key: string; restoredVersion: number; actor: string },
  ): Promise<void>;
}

/** The overlap window of a credential: its own setting first, then its type's. */
function overlapMinutesOf(
  credential: Pick<CredentialRecord, 'overlapMinutes'>,
  type: IntegrationType | undefined,
): number {
  return credential.overlapMinutes ?? type?.rotationOverlapMinutes ?? 0;
}

/** The previous value's window, if `now` is inside it. */
function overlapWindow(
  credential: Pick<CredentialRecord, 'overlapMinutes' | 'version'>,
  previous: Pick<CredentialVersionRecord, 'version' | 'supersededAt'>,
  type: IntegrationType | undefined,
  now: Date,
): { rotatedAt: Date; until: Date } | undefined {
  const minutes = overlapMinutesOf(credential, type);
  // Only the value the current one replaced, never an older one.
  if (minutes <= 0 || previous.version !== credential.version - 1)
    return undefined;
  const until = new Date(previous.supersededAt.getTime() + minutes * MINUTE_MS);
  return now < until ? { rotatedAt: previous.supersededAt, until } : undefined;
}

/** Previous credential values: listing (metadata only), rollback, and the rotation overlap. */
export class CredentialVersions {
  private readonly types: Map<string, IntegrationType>;

  constructor(
    private readonly options: {
      gate: IntegrationGate;
      store: CredentialVersionsStore;
      opener: CredentialOpener;
      logger: LoggerService;
      types: IntegrationType[];
      listener?: RollbackListener;
      /** Publishes each rollback on the events service (ids and keys only). */
      changes?: ChangeListener;
      clock?: () => Date;
    },
  ) {
    this.types = new Map(options.types.map(t => [t.id, t]));
  }

  private now() {
    return this.options.clock?.() ?? new Date();
  }

  async listCredentialVersions(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<CredentialVersionList> {
    const record = await this.options.gate.load(id, credentials);
    const stored = await this.options.store.listVersions(id);
    const items: CredentialVersion[] = [];
    for (const credential of record.credentials) {
      items.push({
        key: credential.key,
        version: credential.version,
        current: true,
        createdAt: credential.rotatedAt.toISOString(),
        ...(credential.rotatedBy ? { createdBy: credential.rotatedBy } : {}),
        keyId: credential.keyId,
      });
      for (const v of stored.filter(s => s.key === credential.key)) {
        items.push({
          key: v.key,
          version: v.version,
          current: false,
          createdAt: v.createdAt.toISOString(),
          ...(v.createdBy ? { createdBy: v.createdBy } : {}),
          keyId: v.keyId,
          supersededAt: v.supersededAt.toISOString(),
        });
      }
    }
    return { items };
  }

  /** Makes a kept value current again, as a new version (the replaced value is kept too). */
  async rollbackCredential(
    id: string,
    key: string,
    input: RollbackInput,
    credentials: BackstageCredentials,
  ): Promise<CredentialVersion> {
    const { gate, store, opener } = this.options;
    const { version } = parseInput(rollbackInputSchema, input);
    const { record, credential } = await gate.loadCredential(
      id,
      key,
      credentials,
      integrationUpdatePermission,
    );
    if (credential.version === version)
      throw new InputError(`version: ${version} is already current`);
    const kept = await store.getVersion(id, key, version);
    if (!kept) {
      throw new NotFoundError(
        `Credential "${key}" has no kept version ${version}`,
      );
    }
    // Sealed afresh under the current data key; bound to this integration and key still.
    const { ciphertext: sealed, keyId } = await opener.reseal(kept);
    const actor = actorOf(credentials);
    const now = this.now();
    const event = {
      integrationId: id,
      actor,
      action: 'credential.rolled-back' as const,
      detail: {
        key,
        restoredVersion: version,
        previousVersion: credential.version,
      },
    };
    const next = await store.rollback({
      integrationId: id,
      key,
      expectedVersion: credential.version,
      next: { ciphertext: sealed, keyId },
      actor,
      now,
      event,
    });
    if (next === undefined) {
      throw new ConflictError(
        `Credential "${key}" was rotated meanwhile; reload and try again`,
      );
    }
    await this.options.changes?.committed({
      integrationId: id,
      actor,
      recorded: [event],
    });
    await this.notifyRollback(record, key, version, actor);
    return {
      key,
      version: next,
      current: true,
      createdAt: now.toISOString(),
      createdBy: actor,
      keyId,
    };
  }

  /**
   * The previous value of each credential still inside its overlap window, per
   * integration id. A value that cannot be opened is logged and left out.
   */
  async previousCredentials(
    records: IntegrationRecord[],
  ): Promise<Map<string, Record<string, PreviousCredential>>> {
    const result = new Map<string, Record<string, PreviousCredential>>();
    const withOverlap = records.filter(r =>
      r.credentials.some(c => overlapMinutesOf(c, this.types.get(r.type)) > 0),
    );
    if (!withOverlap.length) return result;
    const now = this.now();
    const previous = await this.options.store.listPrevious(
      withOverlap.map(r => r.id),
    );
    for (const record of withOverlap) {
      const type = this.types.get(record.type);
      for (const credential of record.credentials) {
        const prev = previous.find(
          p => p.integrationId === record.id && p.key === credential.key,
        );
        const window = prev && overlapWindow(credential, prev, type, now);
        if (!prev || !window) continue;
        const value = await this.tryOpen(prev);
        if (value === undefined) continue;
        const entry = result.get(record.id) ?? valuesByKey();
        entry[credential.key] = {
          value,
          rotatedAt: window.rotatedAt.toISOString(),
          until: window.until.toISOString(),
        };
        result.set(record.id, entry);
      }
    }
    return result;
  }

  /** A kept value, or undefined when it does not open (the opener logged it). */
  private async tryOpen(version: CredentialVersionRecord) {
    try {
      return await this.options.opener.open(version);
    } catch (error) {
      if (error instanceof CredentialUnavailableError) return undefined;
      throw error;
    }
  }

  private async notifyRollback(
    record: IntegrationRecord,
    key: string,
    restoredVersion: number,
    actor: string,
  ) {
    try {
      await this.options.listener?.credentialRolledBack(record, {
        key,
        restoredVersion,
        actor,
      });
    } catch (error) {
      // The rollback is done; a notification that fails must not undo or hide it.
      this.options.logger.warn(
        `Could not notify owners of the rollback of "${key}" on integration ${
          record.id
        }: ${(error as Error).message}`,
      );
    }
  }
}
