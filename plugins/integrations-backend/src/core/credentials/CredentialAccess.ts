import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  ResolvedIntegration,
  ResolveQuery,
  resolveQuerySchema,
  ResolveResult,
  RevealedCredential,
  UnresolvedIntegration,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  credentialAad,
  CredentialDecryptionError,
  Keyring,
} from '../crypto/keyring';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { IntegrationRecord } from '../store/types';
import { actorOf } from '../integrations/actor';
import { missingPermission } from '../permissions/authorization';
import { IntegrationsService } from '../integrations/IntegrationsService';
import { parseInput } from '../parseInput';
import { SecretAccessGuard } from './SecretAccessGuard';
import { CredentialVersions } from '../versions/CredentialVersions';
import { UsageRecorder } from '../usage/UsageRecorder';

/** A stored value that no configured key opens for this row: tampered, copied or keyless. */
export class CredentialUnavailableError extends CustomErrorBase {
  name = 'CredentialUnavailableError';
  // Not the caller's fault; the message names the integration and key only.
  statusCode = 500;
}

export interface CredentialAccessOptions {
  integrations: IntegrationsService;
  store: IntegrationsStore;
  keyring: Keyring;
  logger: LoggerService;
  guard: SecretAccessGuard;
  /** Adds the previous values during a rotation's overlap window. */
  versions?: CredentialVersions;
  /** Counts each use in memory and writes it in aggregate: resolve itself never writes. */
  usage?: UsageRecorder;
}

type Opened =
  | { ok: true; credentials: Record<string, string> }
  | { ok: false; key: string; reason: string };

/** The only two ways a credential value leaves the backend: reveal (people) and resolve (services). */
export class CredentialAccess {
  constructor(private readonly options: CredentialAccessOptions) {}

  async reveal(
    id: string,
    key: string,
    credentials: BackstageCredentials,
  ): Promise<RevealedCredential> {
    const { integrations, store, guard } = this.options;
    guard.assertUserMayReadSecrets(credentials);
    const record = await integrations.getReadable(id, credentials);
    await integrations.authorizer.assertAllowed(
      integrationCredentialRevealPermission,
      record,
      credentials,
    );
    const credential = record.credentials.find(c => c.key === key);
    if (!credential)
      throw new NotFoundError(`Integration ${id} has no credential "${key}"`);
    const opened = this.open(record, credential.key, credential.ciphertext);
    if (!opened.ok) {
      throw new CredentialUnavailableError(
        `Credential "${key}" of integration ${id} could not be decrypted; an operator must check the encryption keys`,
      );
    }
    await store.appendEvents(
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
    return { key, value: opened.value };
  }

  /**
   * Decrypted credentials of the integrations assigned to a project. Reads the
   * assignment from the database on every call: a removed assignment cuts access
   * on the next request, whichever replica serves it. An integration whose
   * credentials do not open is named in `failed` and the others still resolve.
   */
  async resolve(
    rawQuery: ResolveQuery,
    credentials: BackstageCredentials,
  ): Promise<ResolveResult> {
    const { integrations, store, guard, versions } = this.options;
    const query = parseInput(resolveQuerySchema, rawQuery);
    guard.assertUserMayReadSecrets(credentials);
    const { authorizer } = integrations;
    const mayUse = await authorizer.decide(
      integrationCredentialUsePermission,
      credentials,
    );
    if (mayUse.result === AuthorizeResult.DENY) {
      throw missingPermission(
        integrationCredentialUsePermission,
        `the integrations of ${query.project}`,
      );
    }
    const assigned = await store.listAssignedTo(query.project, query);
    const usable = assigned.filter(i => authorizer.permits(mayUse, i));

    const opened: Array<{ record: IntegrationRecord; values: Opened }> =
      usable.map(record => ({ record, values: this.openAll(record) }));
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
  private openAll(record: IntegrationRecord): Opened {
    const values: Record<string, string> = {};
    for (const c of record.credentials) {
      const opened = this.open(record, c.key, c.ciphertext);
      if (!opened.ok) return { ok: false, key: c.key, reason: opened.reason };
      values[c.key] = opened.value;
    }
    return { ok: true, credentials: values };
  }

  private open(
    record: IntegrationRecord,
    key: string,
    ciphertext: string,
  ): { ok: true; value: string } | { ok: false; reason: string } {
    try {
      return {
        ok: true,
        value: this.options.keyring.open(
          ciphertext,
          credentialAad(record.id, key),
        ),
      };
    } catch (error) {
      if (!(error instanceof CredentialDecryptionError)) throw error;
      this.options.logger.error(
        `Credential "${key}" of integration ${record.id} could not be decrypted: ${error.message}`,
      );
      return {
        ok: false,
        reason: `could not be decrypted (${error.message}); an operator must check the encryption keys`,
      };
    }
  }
}
