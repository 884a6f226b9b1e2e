import { randomUUID } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  Integration,
  integrationDeletePermission,
  IntegrationInput,
  integrationInputSchema,
  IntegrationType,
  IntegrationUpdate,
  integrationUpdatePermission,
  integrationUpdateSchema,
  parseInput,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { CredentialOpener } from '../crypto/CredentialOpener';
import { ChangeListener } from './changes';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { IntegrationRecord } from '../store/types';
import { actorOf } from './actor';
import { newIntegration, ownerFor, unknownTypeMessage } from './createSteps';
import { IntegrationsAuthorizer } from '../permissions/authorization';
import { IntegrationGate } from '../permissions/IntegrationGate';
import { IntegrationReads } from './IntegrationReads';
import {
  assertWriteOnlyKept,
  changedFields,
  diffCredentials,
  diffProjects,
  newlyWriteOnly,
  updateEvents,
  Seal,
  updateSummary,
} from './updateSteps';

/**
 * Create, update and delete: validation, permission decisions, sealing,
 * history in the same transaction, and one change event once committed.
 */
export class IntegrationWrites {
  private readonly store: IntegrationsStore;
  private readonly opener: CredentialOpener;
  private readonly types: Map<string, IntegrationType>;
  private readonly authorizer: IntegrationsAuthorizer;
  private readonly gate: IntegrationGate;
  private readonly changes?: ChangeListener;
  private readonly reads: IntegrationReads;

  constructor(options: {
    store: IntegrationsStore;
    opener: CredentialOpener;
    types: Map<string, IntegrationType>;
    authorizer: IntegrationsAuthorizer;
    gate: IntegrationGate;
    /** Publishes each committed change on the events service (ids and keys only). */
    changes?: ChangeListener;
    /** Presents results. */
    reads: IntegrationReads;
  }) {
    this.store = options.store;
    this.opener = options.opener;
    this.types = options.types;
    this.authorizer = options.authorizer;
    this.gate = options.gate;
    this.changes = options.changes;
    this.reads = options.reads;
  }

  async create(
    body: IntegrationInput,
    credentials: BackstageCredentials,
  ): Promise<Integration> {
    const input = parseInput(integrationInputSchema, body);
    this.assertKnownType(input.type);
    const actor = actorOf(credentials);
    // Create needs create, plus assign for each project it names; nothing else.
    await this.authorizer.assertMayCreate(credentials);
    await this.authorizer.assertMayAssign(input.projects, credentials);
    const id = randomUUID();
    const { integration, history } = newIntegration(
      id,
      input,
      ownerFor(input, credentials),
      actor,
      await this.sealFor(id),
    );
    const created = await this.store.create(
      integration,
      actor,
      new Date(),
      history,
    );
    await this.changes?.committed({
      integrationId: id,
      actor,
      recorded: history,
    });
    return this.reads.present(created);
  }

  /** Update, and what it changed (keys and refs only) for the audit record. */
  async updateWithSummary(
    id: string,
    body: IntegrationUpdate,
    credentials: BackstageCredentials,
  ) {
    const input = parseInput(integrationUpdateSchema, body);
    this.assertKnownType(input.type);
    const { record: current, assertPermitsAfter } =
      await this.gate.loadForChange(
        id,
        credentials,
        integrationUpdatePermission,
      );
    if (current.version !== input.version) throw this.conflict(current);

    const actor = actorOf(credentials);
    const owner = input.owner ?? current.owner;
    // The caller must keep control of the result too (e.g. manageOwn cannot hand it away).
    assertPermitsAfter(this.proposedRecord(id, { ...input, owner }, actor));
    const projects = diffProjects(
      current.projects.map(p => p.entityRef),
      input.projects,
    );
    await this.authorizer.assertMayAssign(projects.added, credentials);
    assertWriteOnlyKept(current.credentials, input.credentials);
    const credentialChanges = diffCredentials(
      current.credentials.map(c => c.key),
      input.credentials,
      await this.sealFor(id),
    );
    const madeWriteOnly = newlyWriteOnly(
      current.credentials,
      credentialChanges,
    );
    const history = updateEvents({
      actor,
      fields: changedFields(current, { ...input, owner }),
      urls: input.urls.map(u => u.url),
      credentials: credentialChanges,
      projects,
      writeOnly: madeWriteOnly,
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
    await this.changes?.committed({
      integrationId: id,
      actor,
      recorded: history,
      previousUrls: current.urls,
    });
    return {
      integration: this.reads.present(updated),
      summary: updateSummary(credentialChanges, projects, madeWriteOnly),
    };
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    const current = await this.gate.load(
      id,
      credentials,
      integrationDeletePermission,
    );
    const deleted = {
      actor: actorOf(credentials),
      action: 'deleted' as const,
      detail: { name: current.name },
    };
    await this.store.delete(id, deleted, new Date());
    await this.changes?.committed({
      integrationId: id,
      actor: deleted.actor,
      recorded: [deleted],
    });
  }

  private assertKnownType(type: string) {
    if (!this.types.has(type)) {
      // The configured ids only: the sent value may hold anything.
      throw new InputError(`type: ${unknownTypeMessage(this.types)}`);
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

  /** Seals values for one integration, bound to its id and the credential key. */
  async sealFor(integrationId: string): Promise<Seal> {
    const seal = await this.opener.sealer();
    return (key, value) => seal(integrationId, key, value);
  }

  /** The record as it would be after an update, for the permission check before writing. */
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
