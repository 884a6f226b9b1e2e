import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  integrationCreatePermission,
  integrationReadPermission,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  CredentialRecord,
  DisplayRecord,
  IntegrationRecord,
} from '../store/types';
import {
  IntegrationsAuthorizer,
  missingPermission,
  notFound,
  RecordPermission,
} from './authorization';

/** How the gate reads records: one integration, plain or as a page shows it. */
interface GateRecords {
  get(id: string): Promise<IntegrationRecord | undefined>;
  getForDisplay(id: string): Promise<DisplayRecord | undefined>;
}

/**
 * The one place that reads an integration for a caller and decides one
 * permission on it: 404 when it does not exist or the caller may not read it
 * (the same answer, so a status never tells which ids exist), 403 naming the
 * missing permission otherwise. Every service that acts on one integration
 * gets this gate injected.
 */
export class IntegrationGate {
  constructor(
    private readonly records: GateRecords,
    private readonly authorizer: IntegrationsAuthorizer,
  ) {}

  /** The record, if the caller may read it and holds `permission` (read when left out) on it. */
  async load(
    id: string,
    credentials: BackstageCredentials,
    permission: RecordPermission = integrationReadPermission,
  ): Promise<IntegrationRecord> {
    const record = await this.readable(id, credentials, () =>
      this.records.get(id),
    );
    if (permission.name !== integrationReadPermission.name) {
      await this.authorizer.assertAllowed(permission, record, credentials);
    }
    return record;
  }

  /**
   * As `load`, and one of its credentials: 404 naming the key when the
   * integration has none by that key.
   */
  async loadCredential(
    id: string,
    key: string,
    credentials: BackstageCredentials,
    permission: RecordPermission,
  ): Promise<{ record: IntegrationRecord; credential: CredentialRecord }> {
    const record = await this.load(id, credentials, permission);
    const credential = record.credentials.find(c => c.key === key);
    if (!credential)
      throw new NotFoundError(`Integration ${id} has no credential "${key}"`);
    return { record, credential };
  }

  /**
   * The record, if the caller holds `permission` on it, without read: a
   * run-time use (the proxy), like resolve. 404 when it is missing or the
   * caller may neither use nor read it, 403 naming `permission` otherwise.
   */
  async loadForUse(
    id: string,
    credentials: BackstageCredentials,
    permission: RecordPermission,
  ): Promise<IntegrationRecord> {
    const record = await this.records.get(id);
    if (!record) throw notFound(id);
    const decision = await this.authorizer.decide(permission, credentials);
    if (this.authorizer.permits(decision, record)) return record;
    await this.authorizer.assertReadable(
      integrationReadPermission,
      record,
      credentials,
    );
    throw missingPermission(permission, `integration ${id}`);
  }

  /** As `load` with read, with the health and last use a single read shows. */
  async loadForDisplay(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<DisplayRecord> {
    return this.readable(id, credentials, () => this.records.getForDisplay(id));
  }

  /**
   * As `load`, for a change: the same decision is held against the record as
   * it would be afterwards too (e.g. manageOwn cannot hand an integration away).
   */
  async loadForChange(
    id: string,
    credentials: BackstageCredentials,
    permission: RecordPermission,
  ): Promise<{
    record: IntegrationRecord;
    assertPermitsAfter(proposed: IntegrationRecord): void;
  }> {
    const record = await this.readable(id, credentials, () =>
      this.records.get(id),
    );
    const decision = await this.authorizer.decide(permission, credentials);
    this.authorizer.assertPermits(permission, decision, record);
    return {
      record,
      assertPermitsAfter: proposed =>
        this.authorizer.assertPermits(
          permission,
          decision,
          proposed,
          'as it would be after this change',
        ),
    };
  }

  /**
   * One decision for many records (resolve): 403 naming `permission` and
   * `target` when it is DENY, otherwise whether it lets the caller act on each.
   */
  async permitsFor(
    permission: RecordPermission,
    credentials: BackstageCredentials,
    target: string,
  ): Promise<(record: IntegrationRecord) => boolean> {
    const decision = await this.authorizer.decide(permission, credentials);
    if (decision.result === AuthorizeResult.DENY) {
      throw missingPermission(permission, target);
    }
    return record => this.authorizer.permits(decision, record);
  }

  /** Whether the caller may create integrations (testing a draft is part of creating one). */
  mayCreate(credentials: BackstageCredentials): Promise<boolean> {
    return this.authorizer.allowsBasic(
      integrationCreatePermission,
      credentials,
    );
  }

  private async readable<T extends IntegrationRecord>(
    id: string,
    credentials: BackstageCredentials,
    load: () => Promise<T | undefined>,
  ): Promise<T> {
    const record = await load();
    if (!record) throw notFound(id);
    await this.authorizer.assertReadable(
      integrationReadPermission,
      record,
      credentials,
    );
    return record;
  }
}
