/**
 * The events service topic on which the Integrations backend publishes every change.
 *
 * @public
 */
export const INTEGRATIONS_CHANGES_TOPIC = 'integrations.changes';

/**
 * The fields every {@link IntegrationChangeEvent} has, whatever its `type`.
 *
 * @public
 */
export interface IntegrationChangeEventBase {
  integrationId: string;
  /** User entity ref or service subject that made the change. */
  actor: string;
  /** ISO 8601 time the change was published. */
  at: string;
}

/**
 * The payload of an event on {@link INTEGRATIONS_CHANGES_TOPIC}: ids, entity refs,
 * names and credential keys — never a credential value.
 *
 * @public
 */
export type IntegrationChangeEvent = IntegrationChangeEventBase &
  (
    | {
        type: 'integration.created';
        name: string;
        integrationType: string;
        owner: string;
        projects: string[];
        credentialKeys: string[];
      }
    | {
        type: 'integration.updated';
        changedFields: string[];
        urlsChanged: boolean;
        credentialKeysAdded: string[];
        credentialKeysRemoved: string[];
      }
    | { type: 'integration.deleted' }
    | {
        type:
          | 'credential.rotated'
          | 'credential.rolled-back'
          | 'credential.write-only';
        key: string;
      }
    | {
        type:
          | 'assignment.added'
          | 'assignment.removed'
          | 'assignment.paused'
          | 'assignment.resumed';
        /** Entity ref of the catalog entity ("project"). */
        project: string;
      }
  );

/** @public */
export type IntegrationChangeType = IntegrationChangeEvent['type'];
