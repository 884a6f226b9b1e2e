import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  INTEGRATIONS_CHANGES_TOPIC,
  IntegrationUrl,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { RecordedChange, toChangeEvents } from './changeEvents';

/** What one committed operation changed, as the service recorded it in history. */
export interface CommittedChange {
  integrationId: string;
  actor: string;
  recorded: RecordedChange[];
  previousUrls?: IntegrationUrl[];
}

/**
 * Publishes integration changes on the events service, after they are committed.
 * A failed publish is logged, never turned into a failed request: the change is
 * already stored and in the history.
 */
export class IntegrationChangesPublisher {
  constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  async published(change: CommittedChange): Promise<void> {
    for (const eventPayload of toChangeEvents(change)) {
      try {
        await this.events.publish({
          topic: INTEGRATIONS_CHANGES_TOPIC,
          eventPayload,
        });
      } catch (error) {
        this.logger.warn(
          `Could not publish ${eventPayload.type} for integration ${
            change.integrationId
          }: ${(error as Error).name}`,
        );
      }
    }
  }
}
