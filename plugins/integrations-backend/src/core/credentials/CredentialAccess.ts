import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AccessToken,
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
import {
  CredentialExchange,
  CredentialExchangeError,
} from './CredentialExchange';
import { assertRevealable, withheldFromPerson } from './writeOnly';
import { hasKey, valuesByKey } from '../crypto/valuesByKey';
import { CredentialVersions } from '../versions/CredentialVersions';
import { UsageRecorder } from '../usage/UsageRecorder';
import { ServiceCalls } from '../store/ServiceCalls';

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
  /** Changes values for use after they are opened (an add-on: OAuth tokens). */
  exchange?: CredentialExchange;
  /** Told while a resolve runs, so list queries make room for it. */
  serviceCalls: ServiceCalls;
}

/** An integration's values for use, or which key did not open and why. */
export type UsableValues =
  | {
      ok: true;
      credentials: Record<string, string>;
      accessToken?: AccessToken;
    }
  | { ok: false; key: string; reason: string };

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
    const { record, credential } = await gate.loadCredential(
      id,
      key,
      credentials,
      integrationCredentialRevealPermission,
    );
    assertRevealable(record, credential);
    const value = await opener.open({
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
    return this.options.serviceCalls.during(() =>
      this.resolve(rawQuery, credentials),
    );
  }

  private async resolve(
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
    const opened = await Promise.all(
      assigned.filter(mayUse).map(async record => ({
        record,
        // A person never gets a write-only value, not even through resolve.
        values:
          withheldFromPerson(credentials, record) ??
          (await this.openForUse(record)),
      })),
    );
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
          ...(values.accessToken ? { accessToken: values.accessToken } : {}),
        };
        const before = previousOf(previous?.get(record.id), values.credentials);
        return [before ? { ...item, previousCredentials: before } : item];
      }),
      failed,
    };
  }

  /**
   * The values of an integration as run-time callers use them: every
   * credential, or the first one that does not open. The one path resolve
   * and the proxy read values through, so what changes them for use (e.g. a
   * minted token) applies to both.
   */
  async openForUse(record: IntegrationRecord): Promise<UsableValues> {
    const { opener, exchange } = this.options;
    try {
      const credentials = await opener.openAll(record);
      if (!exchange) return { ok: true, credentials };
      return { ok: true, ...(await exchange.exchange(record, credentials)) };
    } catch (error) {
      if (
        !(error instanceof CredentialUnavailableError) &&
        !(error instanceof CredentialExchangeError)
      ) {
        throw error;
      }
      return { ok: false, key: error.key, reason: error.reason };
    }
  }
}

/** Previous values only of keys answered now: an exchanged-away secret stays out. */
function previousOf<T>(
  previous: Record<string, T> | undefined,
  current: Record<string, string>,
): Record<string, T> | undefined {
  if (!previous) return undefined;
  const kept = Object.entries(previous).filter(([key]) => hasKey(current, key));
  return kept.length ? valuesByKey(kept) : undefined;
}
