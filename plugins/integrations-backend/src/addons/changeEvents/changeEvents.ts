import {
  IntegrationChangeEvent,
  IntegrationUrl,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { JsonObject, JsonValue } from '@backstage/types';
import { RecordedChange } from '../../core/integrations/changes';
import { currentHistoryName } from '../../core/store/historyNames';

type Specific = IntegrationChangeEvent extends infer E
  ? E extends IntegrationChangeEvent
    ? Omit<E, 'integrationId' | 'actor' | 'at'>
    : never
  : never;

const str = (value: JsonValue | undefined) =>
  typeof value === 'string' ? value : '';
const strings = (value: JsonValue | undefined) =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

/**
 * How a recorded history action becomes an event, built field by field from known
 * fields (never by copying `detail`). Reveal and use are not changes: not published.
 */
const fromHistory: Record<
  string,
  (detail: JsonObject, urlsChanged: boolean) => Specific
> = {
  created: d => ({
    type: 'integration.created',
    name: str(d.name),
    integrationType: str(d.type),
    owner: str(d.owner),
    projects: strings(d.projects),
    credentialKeys: strings(d.credentialKeys),
  }),
  updated: (d, urlsChanged) => ({
    type: 'integration.updated',
    changedFields: strings(d.changedFields),
    urlsChanged,
    credentialKeysAdded: strings(d.credentialsAdded),
    credentialKeysRemoved: strings(d.credentialsRemoved),
  }),
  deleted: () => ({ type: 'integration.deleted' }),
  'credential.rotated': d => ({ type: 'credential.rotated', key: str(d.key) }),
  'credential.rolled-back': d => ({
    type: 'credential.rolled-back',
    key: str(d.key),
  }),
  'credential.write-only': d => ({
    type: 'credential.write-only',
    key: str(d.key),
  }),
  'assignment.added': d => ({
    type: 'assignment.added',
    project: str(d.project),
  }),
  'assignment.removed': d => ({
    type: 'assignment.removed',
    project: str(d.project),
  }),
  'assignment.paused': d => ({
    type: 'assignment.paused',
    project: str(d.project),
  }),
  'assignment.resumed': d => ({
    type: 'assignment.resumed',
    project: str(d.project),
  }),
};

/** An update whose only changes have events of their own (rotation, assignments). */
function isEmptyUpdate(event: Specific) {
  return (
    event.type === 'integration.updated' &&
    !event.urlsChanged &&
    event.changedFields.length === 0 &&
    event.credentialKeysAdded.length === 0 &&
    event.credentialKeysRemoved.length === 0
  );
}

/**
 * The events one committed operation publishes: one per recorded change, so a
 * rotation is one `credential.rotated` and not also an empty `integration.updated`.
 */
export function toChangeEvents(options: {
  integrationId: string;
  actor: string;
  recorded: RecordedChange[];
  /** The integration's URLs before an update, to tell whether they changed. */
  previousUrls?: IntegrationUrl[];
  at?: Date;
}): IntegrationChangeEvent[] {
  const at = (options.at ?? new Date()).toISOString();
  const urlsChanged = (detail: JsonObject) =>
    !options.previousUrls ||
    options.previousUrls.map(u => u.url).join('\n') !==
      strings(detail.urls).join('\n');
  return options.recorded.flatMap(({ action, detail }) => {
    const name = currentHistoryName(action);
    if (!Object.hasOwn(fromHistory, name)) return [];
    const toEvent = fromHistory[name];
    const specific = toEvent(detail, urlsChanged(detail));
    if (isEmptyUpdate(specific)) return [];
    return [
      {
        integrationId: options.integrationId,
        actor: options.actor,
        at,
        ...specific,
      } as IntegrationChangeEvent,
    ];
  });
}
