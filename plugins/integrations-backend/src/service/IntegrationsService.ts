import { randomUUID } from 'node:crypto';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  describeValidationError,
  Integration,
  integrationCreatePermission,
  integrationDeletePermission,
  IntegrationEvent,
  IntegrationInput,
  integrationInputSchema,
  IntegrationList,
  integrationReadPermission,
  IntegrationType,
  IntegrationUpdate,
  integrationUpdatePermission,
  integrationUpdateSchema,
  ListIntegrationsQuery,
  listQuerySchema,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { ZodType } from 'zod';
import { credentialAad, Keyring } from '../crypto/keyring';
import { IntegrationChangesPublisher } from '../events';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { QueryAbortedError } from '../store/QueryGuard';
import { IntegrationRecord } from '../store/types';
import { unusedCutoff } from '../usage/unused';
import { actorOf } from './actor';
import { IntegrationsAuthorizer, notFound } from './authorization';
import { toIntegration } from './presenters';
import {
  changedFields,
  diffCredentials,
  diffProjects,
  toExpiry,
  updateEvents,
  updateSummary,
} from './updateSteps';

export interface IntegrationsServiceOptions {
  store: IntegrationsStore;
  keyring: Keyring;
  types: IntegrationType[];
  /** The authorizer shared with the other services; built from `permissions` when left out. */
  authorizer?: IntegrationsAuthorizer;
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  logger?: LoggerService;
  /** Publishes each committed change on the events service (ids and keys only). */
  changes?: IntegrationChangesPublisher;
  /** `integrations.usage.unusedAfterDays`, for `unused=true` lists. Default: 30. */
  unusedAfterDays?: number;
}

/** Product rules the OpenAPI document cannot express (entity refs, unique keys, URLs); 400 naming the field. */
export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InputError(describeValidationError(result.error));
  return result.data;
}

/** The rules of the product: validation, permission decisions, encryption and history. */
export class IntegrationsService {
  private readonly store: IntegrationsStore;
  private readonly keyring: Keyring;
  private readonly types: Map<string, IntegrationType>;
  /** The shared authorizer (the same instance the other services get). */
  readonly authorizer: IntegrationsAuthorizer;
  private readonly changes?: IntegrationChangesPublisher;
  private readonly unusedAfterDays: number;

  constructor(options: IntegrationsServiceOptions) {
    this.changes = options.changes;
    this.unusedAfterDays = options.unusedAfterDays ?? 30;
    this.store = options.store;
    this.keyring = options.keyring;
    this.types = new Map(options.types.map(t => [t.id, t]));
    this.authorizer =
      options.authorizer ??
      IntegrationsAuthorizer.create({
        permissions: options.permissions,
        permissionsRegistry: options.permissionsRegistry,
      });
  }

  listTypes(): IntegrationType[] {
    return [...this.types.values()];
  }

  present(record: IntegrationRecord): Integration {
    return toIntegration(record, this.types);
  }

  async list(
    rawQuery: ListIntegrationsQuery,
    credentials: BackstageCredentials,
    /** Aborted when the client goes away: the query stops in the database. */
    signal?: AbortSignal,
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
    const page = await this.store
      .list(
        {
          types: query.type,
          q: query.q?.trim() || undefined,
          project: query.project,
          health: query.health,
          unused: query.unused
            ? unusedCutoff(new Date(), this.unusedAfterDays)
            : undefined,
          cursor: query.cursor,
          offset,
          limit,
          filter: access.kind === 'filtered' ? access.filter : undefined,
        },
        signal,
      )
      .catch(error => {
        // Nobody is left to answer: no error to log, an empty page to discard.
        if (signal?.aborted && error instanceof QueryAbortedError)
          return { items: [], totalCount: 0, typeCounts: {} };
        throw error;
      });
    return {
      ...page,
      items: page.items.map(r => this.present(r)),
      offset,
      limit,
    };
  }

  /** Loads a record the caller may read; 404 when it does not exist or they may not read it. */
  async getReadable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IntegrationRecord> {
    const record = await this.store.get(id);
    if (!record) throw notFound(id);
    await this.authorizer.assertReadable(
      integrationReadPermission,
      record,
      credentials,
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
    body: IntegrationInput,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
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
    const principal = credentials.principal as { userEntityRef?: string };
    const owner = input.owner ?? principal.userEntityRef ?? actor;
    const id = randomUUID();
    // The caller must keep control of what they create (e.g. manageOwn must own it).
    await this.authorizer.assertAllowed(
      integrationUpdatePermission,
      this.proposedRecord(id, { ...input, owner }, actor),
      credentials,
      'create',
    );
    await this.authorizer.assertMayAssign(input.projects, credentials);

    const history = [
      {
        actor,
        action: 'created' as const,
        detail: {
          name: input.name,
          type: input.type,
          owner,
          urls: input.urls.map(u => u.url),
          projects: input.projects,
          credentialKeys: input.credentials.map(c => c.key),
        },
      },
    ];
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
          ...this.sealFor(id)(c.key, c.value),
          expiresAt: toExpiry(c.expiresAt),
          overlapMinutes: c.overlapMinutes,
        })),
      },
      actor,
      new Date(),
      history,
    );
    await this.changes?.published({
      integrationId: id,
      actor,
      recorded: history,
    });
    return this.present(created);
  }

  async update(
    id: string,
    body: IntegrationUpdate,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    return (await this.updateWithSummary(id, body, credentials)).integration;
  }

  /** Update, and what it changed (keys and refs only) for the audit record. */
  async updateWithSummary(
    id: string,
    body: IntegrationUpdate,
    credentials: BackstageCredentials,
  ) {
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
    const projects = diffProjects(
      current.projects.map(p => p.entityRef),
      input.projects,
    );
    await this.authorizer.assertMayAssign(projects.added, credentials);
    const credentialChanges = diffCredentials(
      current.credentials.map(c => c.key),
      input.credentials,
      this.sealFor(id),
    );
    const history = updateEvents({
      actor,
      fields: changedFields(current, { ...input, owner }),
      urls: input.urls.map(u => u.url),
      credentials: credentialChanges,
      projects,
    });
    const updated = await this.store.update(
      id,
      input.version,
      {
        name: input.name,
        type: input.type,
        description: input.description,
        owner,
        urls: input.urls,
        addedProjects: projects.added,
        removedProjects: projects.removed,
        credentials: credentialChanges,
      },
      actor,
      new Date(),
      history,
    );
    if (!updated) throw this.conflict((await this.store.get(id)) ?? current);
    await this.changes?.published({
      integrationId: id,
      actor,
      recorded: history,
      previousUrls: current.urls,
    });
    return {
      integration: this.present(updated),
      summary: updateSummary(credentialChanges, projects),
    };
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    const current = await this.getReadable(id, credentials);
    await this.authorizer.assertAllowed(
      integrationDeletePermission,
      current,
      credentials,
      'delete',
    );
    const deleted = {
      actor: actorOf(credentials),
      action: 'deleted' as const,
      detail: { name: current.name },
    };
    await this.store.delete(id, deleted, new Date());
    await this.changes?.published({
      integrationId: id,
      actor: deleted.actor,
      recorded: [deleted],
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
      // The configured ids only: the sent value may hold anything.
      throw new InputError(
        `type: unknown type; configured types are ${[...this.types.keys()].join(
          ', ',
        )}`,
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

  private sealFor(integrationId: string) {
    return (key: string, value: string) => {
      const { sealed, keyId } = this.keyring.seal(
        value,
        credentialAad(integrationId, key),
      );
      return { ciphertext: sealed, keyId };
    };
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
