import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  parseInput,
  ResolvedIntegration,
  ResolveQuery,
  resolveQuerySchema,
  ResolveResult,
  RevealedCredential,
  UnresolvedIntegration,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { HistoryStore } from '../store/HistoryStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { IntegrationRecord } from '../store/types';
import { actorOf } from '../integrations/actor';
import { IntegrationGate } from '../permissions/IntegrationGate';
import {
  CredentialOpener,
  CredentialUnavailableError,
} from '../crypto/CredentialOpener';
import { SecretAccessGuard } from './SecretAccessGuard';
import { CredentialVersions } from '../versions/CredentialVersions';
import { UsageRecorder } from '../usage/UsageRecorder';

interface CredentialAccessOptions {
  gate: IntegrationGate;
  store: IntegrationsStore;
  history: HistoryStore;
  opener: CredentialOpener;
  guard: SecretAccessGuard;
  /** Adds the previous values during a rotation's overlap window. */
  versions?: CredentialVersions;
  /** Counts each use in memory and writes it in aggregate: resolve itself never writes. */
  usage?: UsageRecorder;
}

/** The only two ways a credential value leaves the backend: reveal (people) and resolve (services). */
export class CredentialAccess {
  constructor(private readonly options: CredentialAccessOptions) {}

  async revealCredential(
    id: string,
    key: string,
    credentials: BackstageCredentials,
  ): Promise<RevealedCredential> {
    const { gate, history, guard, opener } = this.options;
    guard.assertUserMayReadSecrets(credentials);
    const { credential } = await gate.loadCredential(
      id,
      key,
      credentials,
      integrationCredentialRevealPermission,
    );
    const value = opener.open({
      integrationId: id,
      key,
      ciphertext: credential.ciphertext,
    });
    await history.appendEvents(
      [
        {
          integrationId: id,
          actor: actorOf(credentials),
          action: 'credential.revealed',
          detail: { key },
        },
      ],
      new Date(),
    );
    return { key, value };
  }

  /**
   * Decrypted credentials of the integrations assigned to a project. Reads the
   * assignment from the database on every call: a removed assignment cuts access
   * on the next request, whichever replica serves it. An integration whose
   * credentials do not open is named in `failed` and the others still resolve.
   */
  async resolveCredentials(
    rawQuery: ResolveQuery,
    credentials: BackstageCredentials,
  ): Promise<ResolveResult> {
    const { gate, store, guard, versions } = this.options;
    const query = parseInput(resolveQuerySchema, rawQuery);
    guard.assertUserMayReadSecrets(credentials);
    const mayUse = await gate.permitsFor(
      integrationCredentialUsePermission,
      credentials,
      `the integrations of ${query.project}`,
    );
    const assigned = await store.listAssignedTo(query.project, query);
    const opened = assigned.filter(mayUse).map(record => ({
      record,
      values: this.openAll(record),
    }));
    const resolved = opened.filter(o => o.values.ok).map(o => o.record);
    const failed: UnresolvedIntegration[] = opened.flatMap(o =>
      o.values.ok
        ? []
        : [
            {
              id: o.record.id,
              name: o.record.name,
              key: o.values.key,
              reason: o.values.reason,
            },
          ],
    );

    this.options.usage?.record({
      integrationIds: resolved.map(i => i.id),
      consumer: actorOf(credentials),
      project: query.project,
    });
    const previous = await versions?.previousCredentials(resolved);
    return {
      project: query.project,
      integrations: opened.flatMap(({ record, values }) => {
        if (!values.ok) return [];
        const item: ResolvedIntegration = {
          id: record.id,
          name: record.name,
          type: record.type,
          urls: record.urls,
          credentials: values.credentials,
        };
        const before = previous?.get(record.id);
        return [before ? { ...item, previousCredentials: before } : item];
      }),
      failed,
    };
  }

  /** Every credential of an integration, or the first one that does not open. */
  private openAll(
    record: IntegrationRecord,
  ):
    | { ok: true; credentials: Record<string, string> }
    | { ok: false; key: string; reason: string } {
    try {
      return { ok: true, credentials: this.options.opener.openAll(record) };
    } catch (error) {
      if (!(error instanceof CredentialUnavailableError)) throw error;
      return { ok: false, key: error.key, reason: error.reason };
    }
  }
}
