import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  integrationCredentialRevealPermission,
  integrationCredentialUsePermission,
  resolveQuerySchema,
  ResolveResult,
  RevealedCredential,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  credentialAad,
  CredentialDecryptionError,
  Keyring,
} from '../crypto/keyring';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { IntegrationRecord } from '../store/types';
import { actorOf, Audit, AuditRequest } from './audit';
import { IntegrationsService, parseInput } from './IntegrationsService';
import { SecretAccessGuard } from './SecretAccessGuard';
import { CredentialVersions } from './versions';

/** The only two ways a credential value leaves the backend: reveal (people) and resolve (services). */
export class CredentialAccess {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly store: IntegrationsStore,
    private readonly keyring: Keyring,
    private readonly audit: Audit,
    private readonly logger: LoggerService,
    private readonly guard: SecretAccessGuard,
    /** Adds the previous values during a rotation's overlap window. */
    private readonly versions?: CredentialVersions,
  ) {}

  async reveal(
    id: string,
    key: string,
    credentials: BackstageCredentials,
    request?: AuditRequest,
  ): Promise<RevealedCredential> {
    return this.audit.around(
      'credential-reveal',
      request,
      async () => {
        this.guard.assertUserMayReadSecrets(credentials);
        const record = await this.integrations.getReadable(id, credentials);
        await this.integrations.authorizer.assertAllowed(
          integrationCredentialRevealPermission,
          record,
          credentials,
          'reveal credentials of',
        );
        const credential = record.credentials.find(c => c.key === key);
        if (!credential)
          throw new NotFoundError(
            `Integration ${id} has no credential "${key}"`,
          );
        const value = this.open(record, credential.key, credential.ciphertext);
        await this.store.appendEvents(
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
        return { result: { key, value }, meta: { integrationId: id, key } };
      },
      'high',
    );
  }

  /**
   * Decrypted credentials of the integrations assigned to a project. Reads the
   * assignment from the database on every call: a removed assignment cuts access
   * on the next request, whichever replica serves it.
   */
  async resolve(
    rawQuery: unknown,
    credentials: BackstageCredentials,
    request?: AuditRequest,
  ): Promise<ResolveResult> {
    return this.audit.around(
      'credential-use',
      request,
      async () => {
        const query = parseInput(resolveQuerySchema, rawQuery);
        this.guard.assertUserMayReadSecrets(credentials);
        const { authorizer } = this.integrations;
        const mayUse = await authorizer.decide(
          integrationCredentialUsePermission,
          credentials,
        );
        if (mayUse.result === AuthorizeResult.DENY) {
          throw new NotAllowedError(
            'You are not allowed to use integration credentials',
          );
        }
        const assigned = await this.store.listAssignedTo(query.project, query);
        const usable = assigned.filter(i => authorizer.permits(mayUse, i));
        const actor = actorOf(credentials);
        await this.store.appendEvents(
          usable.map(i => ({
            integrationId: i.id,
            actor,
            action: 'credential.used',
            detail: {
              project: query.project,
              keys: i.credentials.map(c => c.key),
            },
          })),
          new Date(),
        );
        const previous = await this.versions?.previousCredentials(usable);
        return {
          result: {
            project: query.project,
            integrations: usable.map(i => ({
              id: i.id,
              name: i.name,
              type: i.type,
              urls: i.urls,
              credentials: Object.fromEntries(
                i.credentials.map(c => [
                  c.key,
                  this.open(i, c.key, c.ciphertext),
                ]),
              ),
              ...(previous?.has(i.id)
                ? { previousCredentials: previous.get(i.id) }
                : {}),
            })),
          },
          meta: {
            project: query.project,
            integrationIds: usable.map(i => i.id),
          },
        };
      },
      'high',
    );
  }

  private open(
    record: IntegrationRecord,
    key: string,
    ciphertext: string,
  ): string {
    try {
      return this.keyring.open(ciphertext, credentialAad(record.id, key));
    } catch (error) {
      if (error instanceof CredentialDecryptionError) {
        this.logger.error(
          `Credential "${key}" of integration ${record.id} could not be decrypted: ${error.message}`,
        );
        throw new Error(
          `Credential "${key}" of integration ${record.id} could not be decrypted; an operator must check the encryption keys`,
        );
      }
      throw error;
    }
  }
}
