import { Knex } from 'knex';
import { EventRecord } from './types';
import { insertEvents } from './HistoryStore';

/** knex queries that pause and resume project assignments. */
export class AssignmentsStore {
  constructor(private readonly db: Knex) {}

  /**
   * Pauses (with `pause`) or resumes (without) one assignment and records the
   * event in the same transaction. Returns false when the project is not assigned.
   */
  async setPaused(options: {
    integrationId: string;
    entityRef: string;
    pause?: { by: string; reason?: string };
    now: Date;
    event: EventRecord;
  }): Promise<boolean> {
    const { integrationId, entityRef, pause, now, event } = options;
    return this.db.transaction(async tx => {
      const updated = await tx('integration_projects')
        .where({ integration_id: integrationId, entity_ref: entityRef })
        .update({
          paused_at: pause ? now : null,
          paused_by: pause?.by ?? null,
          pause_reason: pause?.reason ?? null,
        });
      if (updated === 0) return false;
      await insertEvents(tx, [event], now);
      return true;
    });
  }
}
