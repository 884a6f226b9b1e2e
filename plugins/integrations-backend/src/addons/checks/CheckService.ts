import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  CheckDefinitionUpdate,
  ConnectionCheckDraft,
  ConnectionCheckRun,
  IntegrationHealth,
  integrationCreatePermission,
  integrationCredentialRevealPermission,
  integrationUpdatePermission,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  CredentialOpener,
  CredentialUnavailableError,
} from '../../core/crypto/CredentialOpener';
import { SecretAccessGuard } from '../../core/credentials/SecretAccessGuard';
import { valuesByKey } from '../../core/crypto/valuesByKey';
import { IntegrationGate } from '../../core/permissions/IntegrationGate';
import { actorOf } from '../../core/integrations/actor';
import { presentHealth } from '../../core/integrations/presenters';
import { IntegrationRecord } from '../../core/store/types';
import { checkConnection, CheckResult } from './checkConnection';
import { CheckNotifier, isHealthChange } from './CheckNotifier';
import {
  DEFAULT_DEFINITION,
  definitionOf,
  describeChecks,
} from './checkDefinitions';
import { CheckStore, overallStatus } from './CheckStore';
import { ChecksConfig } from './config';
import {
  CheckDefinition,
  CheckDefinitionInput,
  credentialKeysOf,
  expandDefinition,
} from './definition';
import { parseDraft, parseDefinitionUpdate } from './input';
import { assertRevealable } from '../../core/credentials/writeOnly';
import { SafeFetch } from './safeFetch';

export interface CheckServiceOptions {
  store: CheckStore;
  records: { get(id: string): Promise<IntegrationRecord | undefined> };
  /** Read (404), update to change a definition, reveal to test with stored values, create to test a draft. */
  gate: Pick<IntegrationGate, 'load' | 'mayCreate'>;
  /** Refuses users secret access while the permission framework is off. */
  guard: Pick<SecretAccessGuard, 'assertUserMayReadSecrets'>;
  opener: CredentialOpener;
  config: ChecksConfig;
  fetcher: SafeFetch;
  notifier: CheckNotifier;
  auditor: AuditorService;
  logger: LoggerService;
}

const PLUGIN_ACTOR = 'plugin:integrations';

/** What an audit event says about check results: status, code, latency, reason; never a body or value. */
export function auditedResults(results: CheckResult[]): JsonObject[] {
  return results.map(r => ({
    urlIndex: r.urlIndex,
    status: r.status,
    ...(r.httpStatus === undefined ? {} : { httpStatus: r.httpStatus }),
    latencyMs: r.latencyMs,
    reason: r.reason,
  }));
}

/** Runs connection checks with the caller's rights (manual) or the plugin's (scheduled). */
export class CheckService {
  constructor(private readonly options: CheckServiceOptions) {}

  /** "Test connection" of a saved integration; uses its secrets, so it needs reveal. */
  async checkIntegrationConnection(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ConnectionCheckRun> {
    const record = await this.readableWithSecrets(id, credentials);
    const { definition } = await definitionOf(
      this.options.store,
      this.options.config,
      record,
    );
    const secrets = await this.open(record, credentialKeysOf(definition));
    const results = await this.run(definition, record.urls, secrets);
    await this.settle(record, results, {
      trigger: 'manual',
      actor: actorOf(credentials),
    });
    return { integrationId: id, status: overallStatus(results), results };
  }

  /** "Test connection" of values being edited: used once, never stored. */
  async testConnectionDraft(
    input: ConnectionCheckDraft,
    credentials: BackstageCredentials,
  ): Promise<ConnectionCheckRun> {
    const draft = parseDraft(input);
    if (!this.options.config.knownTypes.includes(draft.type)) {
      throw new InputError(`type: unknown type "${draft.type}"`);
    }
    const secrets = valuesByKey<string>();
    let override: CheckDefinitionInput | undefined;
    let stored: IntegrationRecord | undefined;
    if (draft.integrationId) {
      stored = await this.readableWithSecrets(draft.integrationId, credentials);
      override = await this.options.store.getDefinition(stored.id);
    } else if (!(await this.options.gate.mayCreate(credentials))) {
      // Testing a draft is part of creating one.
      throw new NotAllowedError(
        `Missing permission ${integrationCreatePermission.name} (needed to test a new integration)`,
      );
    }
    const definition = draft.definition
      ? expandDefinition(draft.definition)
      : (override && expandDefinition(override)) ??
        this.options.config.types.get(draft.type) ??
        DEFAULT_DEFINITION;
    const needed = credentialKeysOf(definition);
    // A credential left unchanged in the drawer is sent without a value: use the stored one.
    const keep = draft.credentials
      .filter(c => c.value === undefined)
      .map(c => c.key);
    if (stored) {
      const used = keep.filter(k => needed.includes(k));
      // A draft's URLs are the caller's choice: a write-only value is never sent there.
      for (const c of stored.credentials)
        if (used.includes(c.key)) assertRevealable(stored, c);
      Object.assign(secrets, await this.open(stored, used));
    }
    for (const c of draft.credentials)
      if (c.value !== undefined) secrets[c.key] = c.value;
    const results = await this.run(definition, draft.urls, secrets);
    return { status: overallStatus(results), results };
  }

  /** The definition in force, the health and the recent results. */
  async getConnectionChecks(id: string, credentials: BackstageCredentials) {
    const record = await this.options.gate.load(id, credentials);
    return describeChecks(this.options.store, this.options.config, record);
  }

  /** Gives one integration its own definition, overriding its type's. */
  async setCheckDefinition(
    id: string,
    update: CheckDefinitionUpdate,
    credentials: BackstageCredentials,
  ) {
    const { definition } = parseDefinitionUpdate(update);
    return this.changeDefinition(id, definition, credentials);
  }

  /** Drops an integration's own definition: its type's applies again. */
  async resetCheckDefinition(id: string, credentials: BackstageCredentials) {
    return this.changeDefinition(id, null, credentials);
  }

  private async changeDefinition(
    id: string,
    definition: CheckDefinitionInput | null,
    credentials: BackstageCredentials,
  ) {
    const record = await this.options.gate.load(
      id,
      credentials,
      integrationUpdatePermission,
    );
    await this.options.store.setDefinition(
      id,
      definition,
      actorOf(credentials),
      new Date(),
    );
    return describeChecks(this.options.store, this.options.config, record);
  }

  /** Health with the last status of each URL, for integrations the caller already may read. */
  async healthDetails(
    integrationIds: string[],
  ): Promise<Map<string, IntegrationHealth & { urls: CheckResult[] }>> {
    const { store } = this.options;
    const [health, results] = await Promise.all([
      store.health(integrationIds),
      store.lastResults(integrationIds),
    ]);
    return new Map(
      [...health].map(([id, h]) => [
        id,
        { ...presentHealth(h), urls: results.get(id) ?? [] },
      ]),
    );
  }

  /** One scheduled round: the least recently checked integrations, as the plugin. */
  async runScheduled(): Promise<{ checked: number; failing: number }> {
    const { store, config, records, logger } = this.options;
    const ids = await store.dueForCheck(
      [...config.types.keys()],
      config.maxPerRun,
    );
    let failing = 0;
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const record = await records.get(id);
        if (!record) continue;
        try {
          const { definition } = await definitionOf(
            this.options.store,
            this.options.config,
            record,
          );
          const results = await this.runWithStored(record, definition);
          if (overallStatus(results) !== 'healthy') failing += 1;
          await this.settle(record, results, {
            trigger: 'scheduled',
            actor: PLUGIN_ACTOR,
          });
        } catch (error) {
          logger.error(
            `Connection check of integration ${id} failed: ${
              (error as Error).message
            }`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    await store.pruneOrphans();
    logger.info(
      `Connection checks: ${ids.length} integrations checked, ${failing} failing`,
    );
    return { checked: ids.length, failing };
  }

  private async readableWithSecrets(
    id: string,
    credentials: BackstageCredentials,
  ) {
    this.options.guard.assertUserMayReadSecrets(credentials);
    // Testing uses the stored values, so it needs reveal.
    return this.options.gate.load(
      id,
      credentials,
      integrationCredentialRevealPermission,
    );
  }

  /** Decrypts only the keys the check uses; an unreadable one becomes an error result. */
  private async runWithStored(
    record: IntegrationRecord,
    definition: CheckDefinition,
  ) {
    let secrets: Record<string, string>;
    try {
      secrets = await this.open(record, credentialKeysOf(definition));
    } catch (error) {
      if (!(error instanceof CredentialUnavailableError)) throw error;
      return [
        {
          urlIndex: definition.urlIndex ?? 0,
          url: record.urls[definition.urlIndex ?? 0]?.url ?? '',
          status: 'error' as const,
          latencyMs: 0,
          reason: (error as Error).message,
          checkedAt: new Date().toISOString(),
        },
      ];
    }
    return this.run(definition, record.urls, secrets);
  }

  /** Only the keys the check uses; a missing one is reported by the check itself. */
  private async open(record: IntegrationRecord, keys: string[]) {
    return this.options.opener.openAll(record, keys);
  }

  private run(
    definition: CheckDefinition,
    urls: Array<{ url: string }>,
    secrets: Record<string, string>,
  ) {
    return checkConnection(
      definition,
      { urls, credentials: secrets },
      this.options.fetcher,
    );
  }

  /** Stores the results, audits a scheduled run and notifies the owner of a change. */
  private async settle(
    record: IntegrationRecord,
    results: CheckResult[],
    by: { trigger: 'scheduled' | 'manual'; actor: string },
  ) {
    const outcome = await this.options.store.record(record.id, results, by);
    // A manual run is audited by its endpoint, with the caller's request.
    if (by.trigger === 'scheduled') {
      await this.auditScheduled(
        {
          integrationId: record.id,
          ...by,
          status: outcome.current,
        },
        results,
      );
    }
    if (isHealthChange(outcome.previous, outcome.current)) {
      await this.options.notifier.notify({
        integration: record,
        previous: outcome.previous,
        current: outcome.current,
        results,
      });
    }
  }

  /** Scheduled rounds have no request, so the service audits them itself. */
  private async auditScheduled(meta: JsonObject, results: CheckResult[]) {
    const event = await this.options.auditor.createEvent({
      eventId: 'scheduled-connection-check',
      severityLevel: 'low',
      meta,
    });
    await event.success({ meta: { results: auditedResults(results) } });
  }
}
