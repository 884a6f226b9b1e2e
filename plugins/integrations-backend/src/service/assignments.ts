import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  entityRefSchema,
  integrationUpdatePermission,
  pauseInputSchema,
  ProjectAssignment,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { z } from 'zod';
import { AssignmentsStore } from '../store/AssignmentsStore';
import { ProjectRecord } from '../store/types';
import { actorOf, Audit, AuditRequest } from './audit';
import { IntegrationsService, parseInput } from './IntegrationsService';

const projectParam = z.object({ project: entityRefSchema });

/** The API shape of a project assignment. */
export function toAssignment(record: ProjectRecord): ProjectAssignment {
  return {
    entityRef: record.entityRef,
    assignedAt: record.assignedAt.toISOString(),
    assignedBy: record.assignedBy,
    active: !record.pausedAt,
    ...(record.pausedAt
      ? {
          pausedAt: record.pausedAt.toISOString(),
          pausedBy: record.pausedBy,
          ...(record.pauseReason ? { pauseReason: record.pauseReason } : {}),
        }
      : {}),
  };
}

/**
 * Pauses and resumes project assignments without removing them. Resolve reads
 * the assignment on every call, so a pause takes effect on the next request.
 */
export class ProjectAssignments {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly store: AssignmentsStore,
    private readonly audit: Audit,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async pause(
    id: string,
    rawProject: string,
    body: unknown,
    credentials: BackstageCredentials,
    request?: AuditRequest,
  ): Promise<ProjectAssignment> {
    const { reason } = parseInput(pauseInputSchema, body ?? {});
    return this.setPaused(id, rawProject, credentials, request, {
      reason: reason || undefined,
    });
  }

  async resume(
    id: string,
    rawProject: string,
    credentials: BackstageCredentials,
    request?: AuditRequest,
  ): Promise<ProjectAssignment> {
    return this.setPaused(id, rawProject, credentials, request, undefined);
  }

  private async setPaused(
    id: string,
    rawProject: string,
    credentials: BackstageCredentials,
    request: AuditRequest | undefined,
    pause: { reason?: string } | undefined,
  ): Promise<ProjectAssignment> {
    const { project } = parseInput(projectParam, { project: rawProject });
    const eventId = pause ? 'project-pause' : 'project-resume';
    return this.audit.around(eventId, request, async () => {
      const record = await this.integrations.getReadable(id, credentials);
      await this.integrations.authorizer.assertAllowed(
        integrationUpdatePermission,
        record,
        credentials,
        pause ? 'pause projects of' : 'resume projects of',
      );
      const current = record.projects.find(p => p.entityRef === project);
      if (!current) {
        throw new NotFoundError(
          `project: ${project} is not assigned to integration ${id}`,
        );
      }
      const meta = { integrationId: id, project };
      // Pausing a paused assignment (or resuming an active one) changes nothing.
      if (!!current.pausedAt === !!pause)
        return { result: toAssignment(current), meta };

      const actor = actorOf(credentials);
      const now = this.clock();
      const changed = await this.store.setPaused({
        integrationId: id,
        entityRef: project,
        pause: pause ? { by: actor, reason: pause.reason } : undefined,
        now,
        event: {
          integrationId: id,
          actor,
          action: pause ? 'project.paused' : 'project.resumed',
          detail: {
            project,
            ...(pause?.reason ? { reason: pause.reason } : {}),
          },
        },
      });
      if (!changed) {
        throw new NotFoundError(
          `project: ${project} is not assigned to integration ${id}`,
        );
      }
      return {
        result: toAssignment({
          ...current,
          pausedAt: pause ? now : undefined,
          pausedBy: pause ? actor : undefined,
          pauseReason: pause?.reason,
        }),
        meta,
      };
    });
  }
}
