import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  entityRefSchema,
  integrationUpdatePermission,
  parseInput,
  PauseInput,
  pauseInputSchema,
  ProjectAssignment,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { z } from 'zod';
import { ChangeListener } from '../integrations/changes';
import { AssignmentsStore } from '../store/AssignmentsStore';
import { actorOf } from '../integrations/actor';
import { IntegrationGate } from '../permissions/IntegrationGate';
import { toAssignment } from '../integrations/presenters';

const projectParam = z.object({ project: entityRefSchema });

/**
 * Pauses and resumes project assignments without removing them. Resolve reads
 * the assignment on every call, so a pause takes effect on the next request.
 */
export class ProjectAssignments {
  constructor(
    private readonly gate: IntegrationGate,
    private readonly store: AssignmentsStore,
    private readonly clock: () => Date = () => new Date(),
    /** Publishes each pause and resume on the events service (ids only). */
    private readonly changes?: ChangeListener,
  ) {}

  async pauseProjectAssignment(
    id: string,
    rawProject: string,
    input: PauseInput,
    credentials: BackstageCredentials,
  ): Promise<ProjectAssignment> {
    const { reason } = parseInput(pauseInputSchema, input);
    return this.setPaused(id, rawProject, credentials, {
      reason: reason || undefined,
    });
  }

  async resumeProjectAssignment(
    id: string,
    rawProject: string,
    credentials: BackstageCredentials,
  ): Promise<ProjectAssignment> {
    return this.setPaused(id, rawProject, credentials, undefined);
  }

  private async setPaused(
    id: string,
    rawProject: string,
    credentials: BackstageCredentials,
    pause: { reason?: string } | undefined,
  ): Promise<ProjectAssignment> {
    const { project } = parseInput(projectParam, { project: rawProject });
    const record = await this.gate.load(
      id,
      credentials,
      integrationUpdatePermission,
    );
    const current = record.projects.find(p => p.entityRef === project);
    if (!current) {
      throw new NotFoundError(
        `project: ${project} is not assigned to integration ${id}`,
      );
    }
    // Pausing a paused assignment (or resuming an active one) changes nothing.
    if (!!current.pausedAt === !!pause) return toAssignment(current);

    const actor = actorOf(credentials);
    const now = this.clock();
    const event = {
      integrationId: id,
      actor,
      action: pause
        ? ('assignment.paused' as const)
        : ('assignment.resumed' as const),
      detail: {
        project,
        ...(pause?.reason ? { reason: pause.reason } : {}),
      },
    };
    const changed = await this.store.setPaused({
      integrationId: id,
      entityRef: project,
      pause: pause ? { by: actor, reason: pause.reason } : undefined,
      now,
      event,
    });
    if (!changed) {
      throw new NotFoundError(
        `project: ${project} is not assigned to integration ${id}`,
      );
    }
    await this.changes?.committed({
      integrationId: id,
      actor,
      recorded: [event],
    });
    return toAssignment({
      ...current,
      pausedAt: pause ? now : undefined,
      pausedBy: pause ? actor : undefined,
      pauseReason: pause?.reason,
    });
  }
}
