import { randomUUID } from 'node:crypto';
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  describeValidationError,
  Integration,
  integrationCreatePermission,
  integrationDeletePermission,
  IntegrationEvent,
  integrationInputSchema,
  IntegrationList,
  integrationReadPermission,
  IntegrationType,
  integrationUpdatePermission,
  integrationUpdateSchema,
  listQuerySchema,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { ZodType } from 'zod';
import { credentialAad, Keyring } from '../crypto/keyring';
import { IntegrationsStore } from '../store/IntegrationsStore';
import {
  CredentialChange,
  EventRecord,
  IntegrationRecord,
} from '../store/types';
import { IntegrationsAuthorizer } from './authorization';
import { actorOf, Audit, AuditRequest } from './audit';
import { toIntegration } from './presenters';

export interface IntegrationsServiceOptions {
  store: IntegrationsStore;
  keyring: Keyring;
  types: IntegrationType[];
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InputError(describeValidationError(result.error));
  return result.data;
}

/** The rules of the product: validation, permission decisions, encryption, audit and history. */
export class IntegrationsService {
  private readonly store: IntegrationsStore;
  private readonly keyring: Keyring;
  private readonly types: Map<string, IntegrationType>;
  readonly authorizer: IntegrationsAuthorizer;
  private readonly audit: Audit;

  constructor(options: IntegrationsServiceOptions) {
    this.store = options.store;
    this.keyring = options.keyring;
    this.types = new Map(options.types.map(t => [t.id, t]));
    this.authorizer = new IntegrationsAuthorizer(options.permissions);
    this.audit = new Audit(options.auditor);
  }

  listTypes(): IntegrationType[] {
    return [...this.types.values()];
  }

  present(record: IntegrationRecord): Integration {
    return toIntegration(record, this.types);
  }

  async list(
    rawQuery: unknown,
    credentials: BackstageCredentials,
  ): Promise<IntegrationList> {
    const query = parseInput(listQuerySchema, rawQuery);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const access = await this.authorizer.listAccess(
      integrationReadPermission,
      credentials,
    );
    if (access.kind === 'none') {
      return { items: [], totalCount: 0, typeCounts: {}, offset, limit };
    }
    const page = await this.store.list({
      types: query.type,
      q: query.q?.trim() || undefined,
      project: query.project,
      offset,
      limit,
      filter: access.kind === 'filtered' ? access.filter : undefined,
    });
    return {
      ...page,
      items: page.items.map(r => this.present(r)),
      offset,
      limit,
    };
  }

  /** Loads a record the caller may read; 404 when it does not exist. */
  async getReadable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IntegrationRecord> {
    const record = await this.store.get(id);
    if (!record) throw new NotFoundError(`Integration ${id} not found`);
    await this.authorizer.assertAllowed(
      integrationReadPermission,
      record,
      credentials,
      'read',
    );
    return record;
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    return this.present(await this.getReadable(id, credentials));
  }

  async create(
    body: unknown,
    credentials: BackstageCredentials<any>,
    request?: AuditRequest,
  ) {
    return this.audit.around('integration-create', request, async () => {
      const input = parseInput(integrationInputSchema, body);
      this.assertKnownType(input.type);
      const actor = actorOf(credentials);
      if (
        !(await this.authorizer.allowsBasic(
          integrationCreatePermission,
          credentials,
        ))
      ) {
        throw new NotAllowedError('You are not allowed to create integrations');
      }
      const owner =
        input.owner ?? credentials.principal?.userEntityRef ?? actor;
      const id = randomUUID();
      const proposed = this.proposedRecord(id, { ...input, owner }, actor);
      // The caller must keep control of what they create (e.g. manageOwn must own it).
      await this.authorizer.assertAllowed(
        integrationUpdatePermission,
        proposed,
        credentials,
        'create',
      );
      await this.authorizer.assertMayAssign(input.projects, credentials);

      const created = await this.store.create(
        {
          id,
          name: input.name,
          type: input.type,
          description: input.description,
          owner,
          urls: input.urls,
          projects: input.projects,
          credentials: input.credentials.map(c => ({
            key: c.key,
            ...this.seal(id, c.key, c.value),
            expiresAt: c.expiresAt ? new Date(c.expiresAt) : null,
          })),
        },
        actor,
        new Date(),
        [
          {
            actor,
            action: 'created',
            detail: {
              name: input.name,
              type: input.type,
              owner,
              urls: input.urls.map(u => u.url),
              projects: input.projects,
              credentialKeys: input.credentials.map(c => c.key),
            },
          },
        ],
      );
      return { result: this.present(created), meta: { integrationId: id } };
    });
  }

  async update(
    id: string,
    body: unknown,
    credentials: BackstageCredentials<any>,
    request?: AuditRequest,
  ) {
    return this.audit.around('integration-update', request, async () => {
      const input = parseInput(integrationUpdateSchema, body);
      this.assertKnownType(input.type);
      const current = await this.getReadable(id, credentials);
      const mayUpdate = await this.authorizer.decide(
        integrationUpdatePermission,
        credentials,
      );
      this.authorizer.assertPermits(mayUpdate, [current], 'update');
      if (current.version !== input.version) throw this.conflict(current);

      const actor = actorOf(credentials);
      const owner = input.owner ?? current.owner;
      // The caller must keep control of the result too (e.g. manageOwn cannot hand it away).
      this.authorizer.assertPermits(
        mayUpdate,
        [this.proposedRecord(id, { ...input, owner }, actor)],
        'hand over',
      );
      const before = new Set(current.projects.map(p => p.entityRef));
      const addedProjects = input.projects.filter(p => !before.has(p));
      const removedProjects = [...before].filter(
        p => !input.projects.includes(p),
      );
      await this.authorizer.assertMayAssign(addedProjects, credentials);

      const stored = new Set(current.credentials.map(c => c.key));
      const credentialChanges: CredentialChange[] = input.credentials.map(c => {
        const expiresAt: Date | null | undefined = c.expiresAt
          ? new Date(c.expiresAt)
          : (c.expiresAt as null | undefined);
        if (!stored.has(c.key)) {
          if (c.value === undefined) {
            throw new InputError(
              `credentials: "${c.key}" is new and needs a value`,
            );
          }
          return {
            kind: 'add',
            key: c.key,
            ...this.seal(id, c.key, c.value),
            expiresAt,
          };
        }
        return c.value === undefined
          ? { kind: 'keep', key: c.key, expiresAt }
          : {
              kind: 'rotate',
              key: c.key,
              ...this.seal(id, c.key, c.value),
              expiresAt,
            };
      });
      const sent = new Set(input.credentials.map(c => c.key));
      for (const key of stored)
        if (!sent.has(key)) credentialChanges.push({ kind: 'remove', key });

      const changedFields: string[] = (
        ['name', 'type', 'description'] as const
      ).filter(f => (input[f] ?? null) !== (current[f] ?? null));
      if (owner !== current.owner) changedFields.push('owner');
      const events: Omit<EventRecord, 'integrationId'>[] = [
        {
          actor,
          action: 'updated',
          detail: {
            changedFields,
            urls: input.urls.map(u => u.url),
            credentialsAdded: credentialChanges
              .filter(c => c.kind === 'add')
              .map(c => c.key),
            credentialsRemoved: credentialChanges
              .filter(c => c.kind === 'remove')
              .map(c => c.key),
          },
        },
        ...credentialChanges
          .filter(c => c.kind === 'rotate')
          .map(c => ({
            actor,
            action: 'credential.rotated' as const,
            detail: { key: c.key },
          })),
        ...addedProjects.map(project => ({
          actor,
          action: 'project.assigned' as const,
          detail: { project },
        })),
        ...removedProjects.map(project => ({
          actor,
          action: 'project.removed' as const,
          detail: { project },
        })),
      ];
      const updated = await this.store.update(
        id,
        input.version,
        {
          name: input.name,
          type: input.type,
          description: input.description,
          owner,
          urls: input.urls,
          addedProjects,
          removedProjects,
          credentials: credentialChanges,
        },
        actor,
        new Date(),
        events,
      );
      if (!updated) throw this.conflict((await this.store.get(id)) ?? current);
      return {
        result: this.present(updated),
        meta: {
          integrationId: id,
          rotated: credentialChanges
            .filter(c => c.kind === 'rotate')
            .map(c => c.key),
          addedProjects,
          removedProjects,
        },
      };
    });
  }

  async delete(
    id: string,
    credentials: BackstageCredentials,
    request?: AuditRequest,
  ) {
    return this.audit.around('integration-delete', request, async () => {
      const current = await this.getReadable(id, credentials);
      await this.authorizer.assertAllowed(
        integrationDeletePermission,
        current,
        credentials,
        'delete',
      );
      const actor = actorOf(credentials);
      await this.store.delete(
        id,
        { actor, action: 'deleted', detail: { name: current.name } },
        new Date(),
      );
      return { result: undefined, meta: { integrationId: id } };
    });
  }

  async events(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ items: IntegrationEvent[] }> {
    await this.getReadable(id, credentials);
    return { items: await this.store.listEvents(id) };
  }

  private assertKnownType(type: string) {
    if (!this.types.has(type)) {
      throw new InputError(
        `type: unknown type "${type}"; configured types are ${[
          ...this.types.keys(),
        ].join(', ')}`,
      );
    }
  }

  private conflict(current: IntegrationRecord) {
    return new ConflictError(
      `Integration ${current.id} was changed by ${
        current.updatedBy
      } at ${current.updatedAt.toISOString()} ` +
        `(now version ${current.version}); reload it and apply your changes again`,
    );
  }

  private seal(integrationId: string, key: string, value: string) {
    const { sealed, keyId } = this.keyring.seal(
      value,
      credentialAad(integrationId, key),
    );
    return { ciphertext: sealed, keyId };
  }

  /** The record as it would be after a create/update, for permission checks before writing. */
  private proposedRecord(
    id: string,
    input: { name: string; type: string; owner: string; projects: string[] },
    actor: string,
  ): IntegrationRecord {
    const now = new Date();
    return {
      id,
      name: input.name,
      type: input.type,
      owner: input.owner,
      urls: [],
      projects: input.projects.map(entityRef => ({
        entityRef,
        assignedAt: now,
        assignedBy: actor,
      })),
      credentials: [],
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
      version: 0,
    };
  }
}
