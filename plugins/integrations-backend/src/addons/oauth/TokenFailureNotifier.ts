import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { IntegrationRecord } from '../../core/store/types';
import { TokenFailureListener } from './TokenExchange';

/**
 * Tells an integration's owner when its token endpoint starts failing and
 * when it mints again, on the same topic and scope as a failing connection
 * check (one notification per integration's health). Without the
 * notifications backend, or when a send fails, it logs instead.
 */
export class TokenFailureNotifier implements TokenFailureListener {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  failing(integration: IntegrationRecord, reason: string) {
    return this.send(integration, {
      title: `Integration "${integration.name}" is failing`,
      // The reason names the token endpoint's host and status, never a value.
      description: `OAuth token request failed: ${reason}`,
      severity: 'high',
    });
  }

  recovered(integration: IntegrationRecord) {
    return this.send(integration, {
      title: `Integration "${integration.name}" recovered`,
      description: 'OAuth token request succeeded again',
      severity: 'normal',
    });
  }

  private async send(
    integration: IntegrationRecord,
    payload: {
      title: string;
      description: string;
      severity: 'high' | 'normal';
    },
  ) {
    if (!this.notifications) return;
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: [integration.owner] },
        payload: {
          ...payload,
          link: `/integrations/${encodeURIComponent(integration.id)}`,
          topic: 'integration-health',
          scope: `integration-health:${integration.id}`,
        },
      });
    } catch (error) {
      this.logger.warn(
        `Could not notify the owner of integration ${
          integration.id
        } about its token endpoint: ${(error as Error).message}`,
      );
    }
  }
}
