import { Knex } from 'knex';
import {
  CredentialSettings,
  DisplayRecord,
  EventRecord,
  IntegrationChanges,
  IntegrationRecord,
} from './types';
import {
  selectActivity,
  selectHydrated,
  toDisplayRecord,
  toRecord,
} from './hydration';
import { ServiceCalls } from './ServiceCalls';
import {
  IntegrationList,
  LIST_GUARD,
  ListOptions,
  ListPage,
} from './IntegrationList';
import { searchTextOf, sortNameOf } from './searchText';
import { CredentialVersionsStore } from './CredentialVersionsStore';
import {
  credentialRows,
  eventRows,
  insertChunked,
  integrationRow,
  projectRows,
  urlRows,
  NewIntegration,
} from './newRows';
import { insertEvents } from './HistoryStore';

export type { NewIntegration };

type Row = Record<string, any>;

/** The columns an update sets on a kept or rotated credential; undefined keeps. */
const settingColumns = (change: CredentialSettings) => ({
  ...(change.expiresAt !== undefined ? { expires_at: change.expiresAt } : {}),
  ...(change.overlapMinutes !== undefined
    ? { overlap_minutes: change.overlapMinutes }
    : {}),
  // Only ever set: clearing is refused before the store is reached.
  ...(change.writeOnly ? { write_only: true } : {}),
});

/** knex queries for integrations; returns plain records, never decrypts. */
export class IntegrationsStore {
  constructor(
    private readonly db: Knex,
    private readonly versions = new CredentialVersionsStore(db),
    /** Resolves in flight: lists make room for them. */
    serviceCalls?: ServiceCalls,
  ) {
    this.lister = new IntegrationList(db, { ...LIST_GUARD, serviceCalls });
  }

  private readonly lister: IntegrationList;

  /** One page of integrations; `signal` cancels the query when the caller goes away. */
  async list(options: ListOptions, signal?: AbortSignal): Promise<ListPage> {
    return this.lister.list(options, signal);
  }

  async get(
    id: string,
    db: Knex = this.db,
  ): Promise<IntegrationRecord | undefined> {
    const [row] = await selectHydrated(
      db,
      db('integrations as i').where('i.id', id),
    );
    return row ? toRecord(row) : undefined;
  }

  /** Integrations by id in one statement, in the order asked; undefined for a missing id. */
  async getMany(ids: string[]): Promise<Array<IntegrationRecord | undefined>> {
    if (!ids.length) return [];
    const rows = await selectHydrated(
      this.db,
      this.db('integrations as i').whereIn('i.id', [...new Set(ids)]),
    );
    const byId = new Map<string, IntegrationRecord>(
      rows.map((row: Row) => [row.id, toRecord(row)]),
    );
    return ids.map(id => byId.get(id));
  }

  /** One integration as a single read shows it: with its health and last use, one statement. */
  async getForDisplay(id: string): Promise<DisplayRecord | undefined> {
    const [row] = await selectActivity(
      this.db,
      selectHydrated(this.db, this.db('integrations as i').where('i.id', id)),
    );
    return row ? toDisplayRecord(row) : undefined;
  }

  /** Integrations assigned to a project, optionally narrowed by type or name. */
  async listAssignedTo(
    project: string,
    narrow: { type?: string; name?: string },
  ): Promise<IntegrationRecord[]> {
    const query = selectHydrated(
      this.db,
      this.db('integrations as i')
        .join('integration_projects as p', 'p.integration_id', 'i.id')
        .where('p.entity_ref', project)
        // A paused assignment is kept but gives no access.
        .whereNull('p.paused_at')
        .orderByRaw('lower(i.name) asc'),
    );
    if (narrow.type) query.where('i.type', narrow.type);
    if (narrow.name)
      query.whereRaw('lower(i.name) = ?', [
        narrow.name.toLocaleLowerCase('en-US'),
      ]);
    return (await query).map(toRecord);
  }

  async create(
    input: NewIntegration,
    actor: string,
    now: Date,
    events: Omit<EventRecord, 'integrationId'>[],
  ): Promise<IntegrationRecord> {
    return this.db.transaction(async tx => {
      await tx('integrations').insert(integrationRow(input, actor, now));
      await this.insertUrls(tx, input.id, input.urls);
      await this.insertProjects(
        tx,
        input.id,
        sortNameOf(input.name),
        input.projects,
        actor,
        now,
      );
      if (input.credentials.length) {
        await tx('integration_credentials').insert(
          credentialRows(input, actor, now),
        );
      }
      await insertEvents(
        tx,
        events.map(e => ({ ...e, integrationId: input.id })),
        now,
      );
      this.lister.invalidateCounts(tx);
      return (await this.get(input.id, tx))!;
    });
  }

  /**
   * Many new integrations and their history in one transaction, all or none:
   * one multi-row INSERT per table and chunk instead of one per integration.
   */
  async createMany(
    created: Array<{
      integration: NewIntegration;
      history: Omit<EventRecord, 'integrationId'>[];
    }>,
    actor: string,
    now: Date,
  ): Promise<void> {
    const all = created.map(c => c.integration);
    await this.db.transaction(async tx => {
      await insertChunked(
        tx,
        'integrations',
        all.map(i => integrationRow(i, actor, now)),
      );
      await insertChunked(
        tx,
        'integration_urls',
        all.flatMap(i => urlRows(i.id, i.urls)),
      );
      await insertChunked(
        tx,
        'integration_projects',
        all.flatMap(i =>
          projectRows(i.id, sortNameOf(i.name), i.projects, actor, now),
        ),
      );
      await insertChunked(
        tx,
        'integration_credentials',
        all.flatMap(i => credentialRows(i, actor, now)),
      );
      await insertChunked(
        tx,
        'integration_events',
        created.flatMap(({ integration, history }) =>
          eventRows(
            history.map(e => ({ ...e, integrationId: integration.id })),
            now,
          ),
        ),
      );
      this.lister.invalidateCounts(tx);
    });
  }

  /**
   * Applies changes only if the integration is still at `expectedVersion`.
   * Returns undefined when it is not (changed or deleted meanwhile).
   */
  async update(
    id: string,
    expectedVersion: number,
    changes: IntegrationChanges,
    actor: string,
    now: Date,
    events: Omit<EventRecord, 'integrationId'>[],
  ): Promise<IntegrationRecord | undefined> {
    return this.db.transaction(async tx => {
      const updated = await tx('integrations')
        .where({ id, version: expectedVersion })
        .update({
          name: changes.name,
          type: changes.type,
          description: changes.description ?? null,
          owner: changes.owner,
          sort_name: sortNameOf(changes.name),
          search_text: searchTextOf({
            name: changes.name,
            urls: changes.urls,
            // Every stored and new key is listed in changes: all but the removed stay.
            keys: changes.credentials
              .filter(c => c.kind !== 'remove')
              .map(c => c.key),
          }),
          updated_at: now,
          updated_by: actor,
          version: expectedVersion + 1,
        });
      if (updated === 0) return undefined;
      this.lister.invalidateCounts(tx);

      await tx('integration_urls').where({ integration_id: id }).delete();
      await this.insertUrls(tx, id, changes.urls);
      if (changes.removedProjects.length) {
        await tx('integration_projects')
          .where({ integration_id: id })
          .whereIn('entity_ref', changes.removedProjects)
          .delete();
      }
      // The project order follows a rename.
      const sortName = sortNameOf(changes.name);
      await tx('integration_projects')
        .where({ integration_id: id })
        .update({ sort_name: sortName });
      await this.insertProjects(
        tx,
        id,
        sortName,
        changes.addedProjects,
        actor,
        now,
      );

      for (const change of changes.credentials) {
        const row = tx('integration_credentials').where({
          integration_id: id,
          key: change.key,
        });
        if (change.kind === 'remove') {
          await row.delete();
          await this.versions.deleteVersions(tx, id, change.key);
        } else if (change.kind === 'keep') {
          const settings = settingColumns(change);
          if (Object.keys(settings).length) await row.update(settings);
        } else if (change.kind === 'rotate') {
          // The replaced value stays available for rollback and the overlap window.
          await this.versions.archiveCurrent(tx, id, change.key, now);
          await row.update({
            ciphertext: change.ciphertext,
            key_id: change.keyId,
            rotated_at: now,
            rotated_by: actor,
            ...settingColumns(change),
            version: tx.raw('version + 1'),
          });
        } else {
          await tx('integration_credentials').insert({
            integration_id: id,
            key: change.key,
            ciphertext: change.ciphertext,
            key_id: change.keyId,
            created_at: now,
            rotated_at: now,
            rotated_by: actor,
            expires_at: change.expiresAt ?? null,
            overlap_minutes: change.overlapMinutes ?? null,
            write_only: change.writeOnly === true,
            version: 1,
          });
        }
      }
      await insertEvents(
        tx,
        events.map(e => ({ ...e, integrationId: id })),
        now,
      );
      return this.get(id, tx);
    });
  }

  async delete(
    id: string,
    event: Omit<EventRecord, 'integrationId'>,
    now: Date,
  ) {
    return this.db.transaction(async tx => {
      for (const table of [
        'integration_urls',
        'integration_projects',
        'integration_credentials',
      ]) {
        await tx(table).where({ integration_id: id }).delete();
      }
      await this.versions.deleteVersions(tx, id);
      const deleted = await tx('integrations').where({ id }).delete();
      this.lister.invalidateCounts(tx);
      if (deleted)
        await insertEvents(tx, [{ ...event, integrationId: id }], now);
      return deleted > 0;
    });
  }

  private async insertUrls(
    db: Knex,
    id: string,
    urls: IntegrationRecord['urls'],
  ) {
    if (!urls.length) return;
    await db('integration_urls').insert(urlRows(id, urls));
  }

  private async insertProjects(
    db: Knex,
    id: string,
    sortName: string,
    refs: string[],
    actor: string,
    now: Date,
  ) {
    if (!refs.length) return;
    await db('integration_projects').insert(
      projectRows(id, sortName, refs, actor, now),
    );
  }
}
