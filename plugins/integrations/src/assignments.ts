import {
  Integration,
  ProjectAssignment,
} from '@integrations-hub/backstage-plugin-integrations-common';

/** The integration's assignments: the one list of its projects (`projects` is deprecated). */
export const assignmentsOf = (integration: Integration): ProjectAssignment[] =>
  integration.assignments;

/** Entity refs of the assigned projects, paused ones included. */
export const assignedProjects = (integration: Integration): string[] =>
  assignmentsOf(integration).map(a => a.entityRef);
