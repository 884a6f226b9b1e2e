import { IntegrationEventAction } from '@integrations-hub/backstage-plugin-integrations-common';

/**
 * History names written before 0.4.0, and what they are called now. The rows
 * were renamed by a migration; readers still map them, since a replica of an
 * older version may write them during a rolling deploy.
 */
const RENAMED = new Map<string, IntegrationEventAction>([
  ['project.assigned', 'assignment.added'],
  ['project.removed', 'assignment.removed'],
  ['project.paused', 'assignment.paused'],
  ['project.resumed', 'assignment.resumed'],
]);

/** A history action by its current name. */
export function currentHistoryName(action: string): string {
  return RENAMED.get(action) ?? action;
}
