import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { IntegrationRecord } from '../../core/store/types';
import { CheckResult, CheckStatus } from './checkConnection';

interface HealthChange {
  integration: IntegrationRecord;
  previous: CheckStatus;
  current: CheckStatus;
  results: CheckResult[];
}

/** Whether a move between statuses is a change worth telling the owner about. */
export const isHealthChange = (
  previous: CheckStatus | undefined,
  current: CheckStatus,
): previous is CheckStatus =>
  previous !== undefined &&
  (previous === 'healthy') !== (current === 'healthy');

/**
 * Tells an integration's owner when it starts failing and when it recovers.
 * Works without the notifications backend: a failed send is logged, never thrown.
 */
export class CheckNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
    /** Who hears about it; the owner alone unless given (e.g. project owners too). */
    private readonly recipients: (
      integration: IntegrationRecord,
    ) => Promise<string[]> = async integration => [integration.owner],
  ) {}

  async notify(change: HealthChange): Promise<void> {
    const { integration, current, results } = change;
    const failing = current !== 'healthy';
    const firstProblem = results.find(r => r.status !== 'healthy');
    const description = failing
      ? `Connection check ${current}: ${firstProblem?.reason ?? 'failed'}${
          firstProblem?.url ? ` (${originOf(firstProblem.url)})` : ''
        }`
      : `Connection check healthy again (${results
          .map(r => r.reason)
          .join('; ')})`;
    if (!this.notifications) {
      this.logger.info(
        `Integration ${integration.id} is now ${current}; notifications are not installed`,
      );
      return;
    }
    try {
      await this.notifications.send({
        recipients: {
          type: 'entity',
          entityRef: await this.recipients(integration),
        },
        payload: {
          title: failing
            ? `Integration "${integration.name}" is failing`
            : `Integration "${integration.name}" recovered`,
          description,
          link: `/integrations/${encodeURIComponent(integration.id)}`,
          severity: failing ? 'high' : 'normal',
          topic: 'integration-health',
          scope: `integration-health:${integration.id}`,
        },
      });
    } catch (error) {
      // The payload holds no secret; the error is the transport's.
      this.logger.warn(
        `Could not notify the owners of integration ${
          integration.id
        } that it is ${current}: ${(error as Error).message}`,
      );
    }
  }
}

function originOf(url: string) {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
