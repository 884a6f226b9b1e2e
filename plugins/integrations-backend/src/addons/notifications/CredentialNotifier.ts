import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CredentialRotationState,
  IntegrationType,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { rotationState } from '../../core/integrations/presenters';
import { RollbackListener } from '../../core/versions/CredentialVersions';
import { CredentialMaintenanceStore } from '../../core/store/CredentialMaintenanceStore';
import { IntegrationsStore } from '../../core/store/IntegrationsStore';
import { IntegrationRecord } from '../../core/store/types';
import { NoticesStore } from './NoticesStore';
import { OwnerRecipients } from './recipients';

const linkTo = (id: string) => `/integrations/${encodeURIComponent(id)}`;

/**
 * Tells owners when a credential becomes due or expired (once per state
 * change, remembered in the database) and when one is rolled back. Works
 * without the notifications backend: a failed send is logged, never thrown.
 * Notifications name integrations and keys, never values.
 */
export class CredentialNotifier implements RollbackListener {
  constructor(
    private readonly deps: {
      notifications: NotificationService | undefined;
      recipients: OwnerRecipients;
      integrations: IntegrationsStore;
      /** Credential ages, to tell which became due or expired. */
      credentials: CredentialMaintenanceStore;
      notices: NoticesStore;
      types: IntegrationType[];
      logger: LoggerService;
    },
  ) {}

  /** Compares each credential's state with what was last notified; sends on a change. */
  async notifyRotationStates(now = new Date()): Promise<number> {
    const { integrations, credentials, notices: stored, types } = this.deps;
    const byType = new Map(types.map(t => [t.id, t]));
    const notices = new Map(
      (await stored.listNotices()).map(n => [
        `${n.integrationId}\u0000${n.key}`,
        n.state,
      ]),
    );
    let sent = 0;
    for (const c of await credentials.listCredentialAges()) {
      const id = `${c.integrationId}\u0000${c.key}`;
      const state = rotationState(c, byType.get(c.type), now);
      const notified = notices.get(id);
      if (state === 'ok') {
        // Rotated since: the next time it becomes due is a new change.
        if (notified) await stored.clearNotice(c.integrationId, c.key);
        continue;
      }
      if (notified === state) continue;
      const record = await integrations.get(c.integrationId);
      if (!record) continue;
      if (await this.send(record, rotationPayload(record, c.key, state))) {
        await stored.setNotice(
          { integrationId: c.integrationId, key: c.key, state },
          now,
        );
        sent += 1;
      }
    }
    return sent;
  }

  async credentialRolledBack(
    record: IntegrationRecord,
    change: { key: string; restoredVersion: number; actor: string },
  ): Promise<void> {
    await this.send(record, {
      title: `Credential ${change.key} of "${record.name}" was rolled back`,
      description: `${change.actor} restored version ${change.restoredVersion} of ${change.key}. Services resolving it now get that value.`,
      link: linkTo(record.id),
      severity: 'high',
      topic: 'integration-credentials',
      scope: `integration-credential-rollback:${record.id}:${change.key}:${change.restoredVersion}`,
    });
  }

  private async send(
    record: IntegrationRecord,
    payload: Parameters<NotificationService['send']>[0]['payload'],
  ): Promise<boolean> {
    const { notifications, logger, recipients } = this.deps;
    if (!notifications) return false;
    const entityRef = await recipients.of(record);
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef },
        payload,
      });
      return true;
    } catch (error) {
      logger.warn(
        `Could not notify the owners of integration ${record.id} ("${
          payload.title
        }"): ${(error as Error).message}`,
      );
      return false;
    }
  }
}

function rotationPayload(
  record: IntegrationRecord,
  key: string,
  state: Exclude<CredentialRotationState, 'ok'>,
) {
  return {
    title:
      state === 'expired'
        ? `Credential ${key} of "${record.name}" has expired`
        : `Credential ${key} of "${record.name}" is due for rotation`,
    description:
      state === 'expired'
        ? `Services using ${key} may start failing. Rotate it in the Integrations page.`
        : `${key} is older than its type's rotation period. Rotate it in the Integrations page.`,
    link: linkTo(record.id),
    severity: state === 'expired' ? ('high' as const) : ('normal' as const),
    topic: 'integration-credentials',
    scope: `integration-credential-${state}:${record.id}:${key}`,
  };
}
