import { Knex } from 'knex';
import { toDate } from './toDate';

/** Uses counted in memory for one integration, consumer, project and UTC day. */
export interface UsageIncrement {
  integrationId: string;
  consumer: string;
  project: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  count: number;
  firstUsedAt: Date;
  lastUsedAt: Date;
}

/** How one consumer used an integration's credentials for one project. */
interface IntegrationUsage {
  /** Service principal subject (e.g. `plugin:catalog`, `external:billing`) or user entity ref. */
  consumer: string;
  /** Entity ref of the project the credentials were resolved for. */
  project: string;
  firstUsedAt: Date;
  lastUsedAt: Date;
  /** Uses over all recorded days. */
  totalCount: number;
  /** Uses per UTC day (YYYY-MM-DD), oldest first. */
  days: Array<{ day: string; count: number }>;
}

const BATCH = 200;

/** The aggregate usage record: integration x consumer x project x day. */
export class UsageStore {
  constructor(private readonly db: Knex) {}

  /** Adds counts to the day rows, creating them as needed (one upsert per batch). */
  async add(increments: UsageIncrement[]): Promise<void> {
    for (let i = 0; i < increments.length; i += BATCH) {
      const rows = increments.slice(i, i + BATCH).map(u => ({
        integration_id: u.integrationId,
        consumer: u.consumer,
        project: u.project,
        day: u.day,
        count: u.count,
        first_used_at: u.firstUsedAt,
        last_used_at: u.lastUsedAt,
      }));
      const later = (column: string, pick: '>' | '<') =>
        this.db.raw(
          `case when excluded.?? ${pick} ?? then excluded.?? else ?? end`,
          [
            column,
            `integration_usage.${column}`,
            column,
            `integration_usage.${column}`,
          ],
        );
      await this.db('integration_usage')
        .insert(rows)
        .onConflict(['integration_id', 'consumer', 'project', 'day'])
        .merge({
          count: this.db.raw('?? + excluded.??', [
            'integration_usage.count',
            'count',
          ]),
          first_used_at: later('first_used_at', '<'),
          last_used_at: later('last_used_at', '>'),
        });
    }
  }

  /**
   * Who used an integration's credentials: one entry per consumer and project,
   * most recent use first, with a count per day (optionally only from `sinceDay`).
   */
  async listUsage(
    integrationId: string,
    options: { sinceDay?: string } = {},
  ): Promise<IntegrationUsage[]> {
    const query = this.db('integration_usage')
      .where({ integration_id: integrationId })
      .orderBy(['consumer', 'project', 'day']);
    if (options.sinceDay) query.where('day', '>=', options.sinceDay);
    const byConsumer = new Map<string, IntegrationUsage>();
    for (const row of await query) {
      const id = JSON.stringify([row.consumer, row.project]);
      const count = Number(row.count);
      const first = toDate(row.first_used_at);
      const last = toDate(row.last_used_at);
      const usage = byConsumer.get(id);
      if (!usage) {
        byConsumer.set(id, {
          consumer: row.consumer,
          project: row.project,
          firstUsedAt: first,
          lastUsedAt: last,
          totalCount: count,
          days: [{ day: row.day, count }],
        });
        continue;
      }
      if (first < usage.firstUsedAt) usage.firstUsedAt = first;
      if (last > usage.lastUsedAt) usage.lastUsedAt = last;
      usage.totalCount += count;
      usage.days.push({ day: row.day, count });
    }
    return [...byConsumer.values()].sort(
      (a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime(),
    );
  }
}
