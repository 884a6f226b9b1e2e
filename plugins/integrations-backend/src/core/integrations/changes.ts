import { JsonObject } from '@backstage/types';
import { IntegrationUrl } from '@integrations-hub/backstage-plugin-integrations-common';

/** A history entry as the services record it (`action` + `detail`). */
export interface RecordedChange {
  action: string;
  detail: JsonObject;
}

/** What one committed operation changed, as it was recorded in history. */
export interface CommittedChange {
  integrationId: string;
  actor: string;
  recorded: RecordedChange[];
  /** The integration's URLs before an update, to tell whether they changed. */
  previousUrls?: IntegrationUrl[];
}

/**
 * Told after each change is committed (edits, imports, pauses, resumes,
 * rollbacks). The core defines it; an add-on (change events) implements it,
 * so the core never imports an add-on.
 */
export interface ChangeListener {
  committed(change: CommittedChange): Promise<void>;
}

/** Tells every listener of a committed change (e.g. change events and the token cache). */
export function allListeners(...listeners: ChangeListener[]): ChangeListener {
  return {
    async committed(change) {
      await Promise.all(listeners.map(listener => listener.committed(change)));
    },
  };
}
