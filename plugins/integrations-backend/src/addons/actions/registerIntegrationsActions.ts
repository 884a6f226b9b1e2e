import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  Integration,
  IntegrationList,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  HealthSummarySource,
  integrationSummarySchema,
  toSummary,
} from './integrationSummary';

/** The reads the actions need; every call carries the caller's credentials, so their read permission decides. */
interface IntegrationsReader {
  listIntegrations(
    query: unknown,
    credentials: BackstageCredentials,
  ): Promise<IntegrationList>;
  getIntegration(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Integration>;
}

/** Connection health of integrations the caller already may read (the check service). */
interface IntegrationsHealthReader {
  healthDetails(ids: string[]): Promise<Map<string, HealthSummarySource>>;
}

const PAGE = 200;
/** An entity with more integrations than this is answered in part (`truncated`). */
const MAX_LISTED = 1000;

async function findByName(
  integrations: IntegrationsReader,
  name: string,
  credentials: BackstageCredentials,
) {
  const { items } = await integrations.listIntegrations(
    { q: name, limit: PAGE },
    credentials,
  );
  const matches = items.filter(i => i.name === name);
  if (matches.length === 0)
    throw new NotFoundError(`No integration named "${name}" that you may read`);
  if (matches.length > 1) {
    throw new InputError(
      `Several integrations are named "${name}" (${matches
        .map(m => m.id)
        .join(', ')}); ask again with one id`,
    );
  }
  return matches[0];
}

/**
 * Read-only actions for AI assistants (MCP) and other callers of the actions registry.
 * Ids are `integrations:list-entity-integrations` and `integrations:get-integration`.
 */
export function registerIntegrationsActions(options: {
  actionsRegistry: ActionsRegistryService;
  integrations: IntegrationsReader;
  /** Adds each integration's last connection check; left out without checks. */
  health?: IntegrationsHealthReader;
}) {
  const { actionsRegistry, integrations, health } = options;
  // Asked only for what the read permission already let through: one query per answer.
  const summaries = async (items: Integration[]) => {
    const found = health
      ? await health.healthDetails(items.map(i => i.id))
      : new Map<string, HealthSummarySource>();
    return items.map(i => toSummary(i, found.get(i.id)));
  };

  actionsRegistry.register({
    name: 'list-entity-integrations',
    title: 'List the integrations of a catalog entity',
    description: `Lists the integrations (third-party and internal service connections) assigned to a catalog entity, such as a component or system.
For each: name, type, owner, URLs, assigned entities, its credential keys with rotation state ("ok", "due", "expired"), and its connection health (the last check's status per URL).
Credential values are never returned. Only integrations the caller may read are listed.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref of the catalog entity, e.g. "component:default/checkout"',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          integrations: z.array(integrationSummarySchema(z)),
          truncated: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      const found: Integration[] = [];
      let cursor: string | undefined;
      do {
        const page = await integrations.listIntegrations(
          { project: input.entityRef, cursor, limit: PAGE },
          credentials,
        );
        found.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && found.length < MAX_LISTED);
      return {
        output: {
          entityRef: input.entityRef,
          integrations: await summaries(found),
          // A next page left unread; totalCount is only a lower bound when capped.
          truncated: cursor !== undefined,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-integration',
    title: 'Get an integration',
    description: `Gets one integration by id or by exact name: type, owner, URLs, assigned catalog entities, its credential keys with rotation state ("ok", "due", "expired"), and its connection health (the last check's status per URL).
Credential values are never returned. Refused unless the caller may read the integration.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().optional().describe('The integration id (a UUID)'),
          name: z
            .string()
            .optional()
            .describe('The exact integration name, when the id is unknown'),
        }),
      output: z => z.object({ integration: integrationSummarySchema(z) }),
    },
    action: async ({ input, credentials }) => {
      if (!input.id && !input.name)
        throw new InputError('id or name: give one of them');
      const integration = input.id
        ? await integrations.getIntegration(input.id, credentials)
        : await findByName(integrations, input.name!, credentials);
      const [summary] = await summaries([integration]);
      return { output: { integration: summary } };
    },
  });
}
