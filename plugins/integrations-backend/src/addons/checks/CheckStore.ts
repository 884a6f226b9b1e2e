import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { CheckResult, CheckStatus } from './checkConnection';
import { CheckDefinitionInput } from './definition';
import { toDate } from '../../core/store/toDate';

/** An integration's health: healthy, or failing as unhealthy or error. */
interface HealthRecord {
  integrationId: string;
  status: CheckStatus;
  checkedAt: Date;
  changedAt: Date;
}

interface StoredCheckResult extends CheckResult {
  runId: string;
  trigger: 'scheduled' | 'manual';
  actor: string;
}

interface RecordOutcome {
  previous?: CheckStatus;
  current: CheckStatus;
  runId: string;
}

/** The integration's health from one run: healthy only when every URL is. */
export function overallStatus(results: CheckResult[]): CheckStatus {
  if (results.every(r => r.status === 'healthy')) return 'healthy';
  return results.some(r => r.status === 'unhealthy') ? 'unhealthy' : 'error';
}

/** knex queries for check definitions, results and health; knows no HTTP. */
export class CheckStore {
  constructor(
    private readonly db: Knex,
    private readonly historySize: number,
  ) {}

  async getDefinition(
    integrationId: string,
  ): Promise<CheckDefinitionInput | undefined> {
    const row = await this.db('integration_check_definitions')
      .where({ integration_id: integrationId })
      .first();
    return row ? JSON.parse(row.definition) : undefined;
  }

  async setDefinition(
    integrationId: string,
    definition: CheckDefinitionInput | null,
    actor: string,
    now: Date,
  ) {
    const rows = this.db('integration_check_definitions');
    if (definition === null) {
      await rows.where({ integration_id: integrationId }).delete();
      return;
    }
    await rows
      .insert({
        integration_id: integrationId,
        definition: JSON.stringify(definition),
        updated_at: now,
        updated_by: actor,
      })
      .onConflict('integration_id')
      .merge();
  }

  /**
   * Stores one run's results, prunes history to the last `historySize` rows,
   * and moves the health; returns the status before and after.
   */
  async record(
    integrationId: string,
    results: CheckResult[],
    by: { trigger: 'scheduled' | 'manual'; actor: string },
  ): Promise<RecordOutcome> {
    const runId = randomUUID();
    const current = overallStatus(results);
    return this.db.transaction(async tx => {
      // The integration may have been deleted while it was being checked.
      const exists = await tx('integrations')
        .where({ id: integrationId })
        .first('id');
      if (!exists) return { current, runId };
      await tx('integration_check_results').insert(
        results.map(r => ({
          integration_id: integrationId,
          run_id: runId,
          url_index: r.urlIndex,
          url: r.url,
          status: r.status,
          http_status: r.httpStatus ?? null,
          latency_ms: r.latencyMs,
          reason: r.reason,
          checked_at: new Date(r.checkedAt),
          trigger: by.trigger,
          actor: by.actor,
        })),
      );
      const oldest = await tx('integration_check_results')
        .where({ integration_id: integrationId })
        .orderBy('id', 'desc')
        .offset(this.historySize - 1)
        .first('id');
      if (oldest) {
        await tx('integration_check_results')
          .where({ integration_id: integrationId })
          .where('id', '<', oldest.id)
          .delete();
      }

      const before = await tx('integration_check_health')
        .where({ integration_id: integrationId })
        .first();
      const previous = before?.status as CheckStatus | undefined;
      const checkedAt = new Date(
        Math.max(...results.map(r => Date.parse(r.checkedAt))),
      );
      const changed =
        !previous || (previous === 'healthy') !== (current === 'healthy');
      await tx('integration_check_health')
        .insert({
          integration_id: integrationId,
          status: current,
          last_run_id: runId,
          checked_at: checkedAt,
          changed_at: changed ? checkedAt : toDate(before.changed_at),
        })
        .onConflict('integration_id')
        .merge();
      return { previous, current, runId };
    });
  }

  async health(integrationIds: string[]): Promise<Map<string, HealthRecord>> {
    if (!integrationIds.length) return new Map();
    const rows = await this.db('integration_check_health').whereIn(
      'integration_id',
      integrationIds,
    );
    return new Map(
      rows.map(row => [
        row.integration_id,
        {
          integrationId: row.integration_id,
          status: row.status,
          checkedAt: toDate(row.checked_at),
          changedAt: toDate(row.changed_at),
        },
      ]),
    );
  }

  /** The per-URL results of each integration's last run, in URL order (one query). */
  async lastResults(
    integrationIds: string[],
  ): Promise<Map<string, CheckResult[]>> {
    const byId = new Map<string, CheckResult[]>();
    if (!integrationIds.length) return byId;
    const rows = await this.db('integration_check_results as r')
      .join('integration_check_health as h', join =>
        join
          .on('h.integration_id', 'r.integration_id')
          .andOn('h.last_run_id', 'r.run_id'),
      )
      .whereIn('r.integration_id', integrationIds)
      .orderBy(['r.integration_id', 'r.url_index'])
      .select('r.*');
    for (const row of rows) {
      const results = byId.get(row.integration_id) ?? [];
      results.push({
        urlIndex: row.url_index,
        url: row.url,
        status: row.status,
        ...(row.http_status === null ? {} : { httpStatus: row.http_status }),
        latencyMs: row.latency_ms,
        reason: row.reason,
        checkedAt: toDate(row.checked_at).toISOString(),
      });
      byId.set(row.integration_id, results);
    }
    return byId;
  }

  /** The newest results first, at most `historySize`. */
  async history(integrationId: string): Promise<StoredCheckResult[]> {
    const rows = await this.db('integration_check_results')
      .where({ integration_id: integrationId })
      .orderBy('id', 'desc')
      .limit(this.historySize);
    return rows.map(row => ({
      runId: row.run_id,
      urlIndex: row.url_index,
      url: row.url,
      status: row.status,
      ...(row.http_status === null ? {} : { httpStatus: row.http_status }),
      latencyMs: row.latency_ms,
      reason: row.reason,
      checkedAt: toDate(row.checked_at).toISOString(),
      trigger: row.trigger,
      actor: row.actor,
    }));
  }

  /**
   * Integrations a scheduled run should check: those of the given types or
   * with their own definition, least recently checked first.
   */
  async dueForCheck(typeIds: string[], limit: number): Promise<string[]> {
    const rows = await this.db('integrations as i')
      .leftJoin('integration_check_health as h', 'h.integration_id', 'i.id')
      .where(query => {
        query.whereIn('i.type', typeIds.length ? typeIds : ['\u0000none']);
        query.orWhereExists(
          this.db('integration_check_definitions as d')
            .select(this.db.raw('1'))
            .whereRaw('d.integration_id = i.id'),
        );
      })
      // Never checked first, then oldest; portable NULLS FIRST.
      .orderByRaw('case when h.checked_at is null then 0 else 1 end')
      .orderBy('h.checked_at', 'asc')
      .orderBy('i.id', 'asc')
      .limit(limit)
      .select('i.id');
    return rows.map(r => r.id as string);
  }

  /** Removes rows of deleted integrations (SQLite does not cascade by default). */
  async pruneOrphans() {
    for (const table of [
      'integration_check_results',
      'integration_check_health',
      'integration_check_definitions',
    ]) {
      await this.db(table)
        .whereNotExists(
          this.db('integrations as i')
            .select(this.db.raw('1'))
            .whereRaw(`i.id = ${table}.integration_id`),
        )
        .delete();
    }
  }
}
