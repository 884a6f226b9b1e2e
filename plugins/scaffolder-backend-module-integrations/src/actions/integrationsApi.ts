import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Integration,
  IntegrationInput,
  IntegrationList,
  IntegrationUpdate,
  ListIntegrationsQuery,
} from '@integrations-hub/backstage-plugin-integrations-common';

/**
 * Whose call it is: the template user's credentials, which the backend checks.
 *
 * @public
 */
export type OnBehalfOf = { credentials: BackstageCredentials };

/**
 * The Integrations API calls the actions make, each on behalf of the template's user.
 *
 * @public
 */
export interface IntegrationsApi {
  listIntegrations(
    query: ListIntegrationsQuery,
    options: OnBehalfOf,
  ): Promise<IntegrationList>;
  getIntegration(id: string, options: OnBehalfOf): Promise<Integration>;
  createIntegration(
    input: IntegrationInput,
    options: OnBehalfOf,
  ): Promise<Integration>;
  updateIntegration(
    id: string,
    update: IntegrationUpdate,
    options: OnBehalfOf,
  ): Promise<Integration>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds one integration by id or exact name among those the user may read. */
export async function findIntegration(
  api: IntegrationsApi,
  nameOrId: string,
  options: OnBehalfOf,
): Promise<Integration> {
  if (UUID.test(nameOrId)) return api.getIntegration(nameOrId, options);
  const { items } = await api.listIntegrations(
    { q: nameOrId, limit: 200 },
    options,
  );
  const matches = items.filter(i => i.name === nameOrId);
  if (matches.length === 0) {
    throw new NotFoundError(
      `integrations: no integration named "${nameOrId}" that you may read`,
    );
  }
  if (matches.length > 1) {
    throw new InputError(
      `integrations: several integrations are named "${nameOrId}"; use the id (${matches
        .map(m => m.id)
        .join(', ')})`,
    );
  }
  return matches[0];
}

/**
 * The update body that changes only the assigned projects. Credentials are sent
 * without values, which the API reads as "keep the stored value".
 */
function withProjects(
  integration: Integration,
  projects: string[],
): IntegrationUpdate {
  return {
    name: integration.name,
    type: integration.type,
    ...(integration.description
      ? { description: integration.description }
      : {}),
    owner: integration.owner,
    urls: integration.urls,
    projects,
    credentials: integration.credentials.map(c => ({
      key: c.key,
      expiresAt: c.expiresAt ?? null,
    })),
    version: integration.version,
  };
}

/** Entity refs of the integration's assignments (paused ones included). */
export function assignedProjects(integration: Integration): string[] {
  return integration.assignments.map(a => a.entityRef);
}

/** A 409 from the API (someone else updated the integration since it was read). */
function isConflict(error: unknown) {
  const e = error as { name?: string; response?: { status?: number } };
  return e?.name === ConflictError.name || e?.response?.status === 409;
}

/** Sets an integration's projects, reading it again once if someone changed it meanwhile. */
export async function changeProjects(
  api: IntegrationsApi,
  integration: Integration,
  change: (projects: string[]) => string[],
  options: OnBehalfOf,
): Promise<Integration> {
  try {
    return await api.updateIntegration(
      integration.id,
      withProjects(integration, change(assignedProjects(integration))),
      options,
    );
  } catch (error) {
    if (!isConflict(error)) throw error;
    const fresh = await api.getIntegration(integration.id, options);
    return api.updateIntegration(
      fresh.id,
      withProjects(fresh, change(assignedProjects(fresh))),
      options,
    );
  }
}

/**
 * The API's own message (which names fields and keys, never values) instead of a
 * bare "Request failed with 403", so the template's user sees why.
 */
export function explained(error: unknown): Error {
  const e = error as {
    name?: string;
    body?: { error?: { name?: string; message?: string } };
    response?: { status?: number };
  };
  const server = e?.body?.error;
  if (e?.name !== 'ResponseError' || !server?.message) return error as Error;
  const wrapped = new Error(`${e.response?.status} ${server.message}`);
  wrapped.name = server.name ?? 'Error';
  return wrapped;
}
