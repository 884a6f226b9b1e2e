import { Knex } from 'knex';
import { IntegrationEvent } from '@integrations-hub/backstage-plugin-integrations-common';
import { currentHistoryName } from './historyNames';
import { eventRows } from './newRows';
import { toDate } from './toDate';
import { EventRecord } from './types';

/** Writes history entries, in the caller's transaction when given one. */
export async function insertEvents(db: Knex, events: EventRecord[], now: Date) {
  if (!events.length) return;
  await db('integration_events').insert(eventRows(events, now));
}

/** knex queries for an integration's history: what happened, by whom, when. */
export class HistoryStore {
  constructor(private readonly db: Knex) {}

  /** Entries that are not part of a change (a reveal). */
  async appendEvents(events: EventRecord[], now: Date) {
    await insertEvents(this.db, events, now);
  }

  /** The newest entries first; names written before 0.4.0 read as today's. */
  async listEvents(
    integrationId: string,
    limit = 200,
  ): Promise<IntegrationEvent[]> {
    const rows = await this.db('integration_events')
      .where({ integration_id: integrationId })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      id: String(row.id),
      integrationId: row.integration_id,
      at: toDate(row.at).toISOString(),
      actor: row.actor,
      action: currentHistoryName(row.action) as IntegrationEvent['action'],
      detail: JSON.parse(row.detail),
    }));
  }
}
