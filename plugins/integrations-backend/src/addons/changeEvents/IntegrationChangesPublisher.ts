import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { INTEGRATIONS_CHANGES_TOPIC } from '@integrations-hub/backstage-plugin-integrations-common';
import {
  ChangeListener,
  CommittedChange,
} from '../../core/integrations/changes';
import { toChangeEvents } from './changeEvents';

/**
 * Publishes integration changes on the events service, after they are committed.
 * A failed publish is logged, never turned into a failed request: the change is
 * already stored and in the history.
 */
export class IntegrationChangesPublisher implements ChangeListener {
  constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  async committed(change: CommittedChange): Promise<void> {
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
