import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import {
  assignedProjects,
  changeProjects,
  explained,
  findIntegration,
  IntegrationsApi,
} from './integrationsApi';

function normalizeEntityRef(ref: string) {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch (error) {
    throw new InputError(`entityRef: ${(error as Error).message}`);
  }
}

/**
 * `integrations:assign`: assigns existing integrations to an entity (usually the one
 * the template creates), as the user who runs the template — the Integrations
 * backend checks their rights. All or nothing: a refusal undoes earlier assignments.
 *
 * @public
 */
export function createAssignIntegrationsAction(options: {
  integrations: IntegrationsApi;
}) {
  const api = options.integrations;
  return createTemplateAction({
    id: 'integrations:assign',
    description:
      'Assigns existing integrations, by name or id, to a catalog entity as the user running the template.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Let the new component use two integrations',
        example: `steps:
  - id: integrations
    action: integrations:assign
    input:
      entityRef: component:default/\${{ parameters.name }}
      integrations: [OpenAI, Twilio SMS]`,
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'Entity ref of the entity, e.g. component:default/checkout',
            ),
        integrations: z =>
          z
            .array(z.string().min(1))
            .min(1)
            .describe('Names or ids of the integrations to assign'),
      },
      output: {
        assigned: z =>
          z
            .array(z.object({ id: z.string(), name: z.string() }))
            .describe('Integrations newly assigned by this step'),
        alreadyAssigned: z =>
          z
            .array(z.object({ id: z.string(), name: z.string() }))
            .describe('Integrations that already had the entity'),
      },
    },
    async handler(ctx) {
      try {
        await assign(api, ctx);
      } catch (error) {
        throw explained(error);
      }
    },
  });
}

type AssignContext = ActionContext<
  { entityRef: string; integrations: string[] },
  {
    assigned: Array<{ id: string; name: string }>;
    alreadyAssigned: Array<{ id: string; name: string }>;
  }
>;

async function assign(api: IntegrationsApi, ctx: AssignContext) {
  const entityRef = normalizeEntityRef(ctx.input.entityRef);
  const credentials = await ctx.getInitiatorCredentials();
  const onBehalf = { credentials };

  // Read them all first: an unknown or unreadable name stops the step before any change.
  const found = new Map<string, Integration>();
  for (const nameOrId of ctx.input.integrations) {
    const integration = await findIntegration(api, nameOrId, onBehalf);
    found.set(integration.id, integration);
  }
  const toAssign = [...found.values()].filter(
    i => !assignedProjects(i).includes(entityRef),
  );
  const already = [...found.values()].filter(i =>
    assignedProjects(i).includes(entityRef),
  );
  const brief = (i: Integration) => ({ id: i.id, name: i.name });

  if (ctx.isDryRun) {
    ctx.logger.info(
      `Dry run: would assign ${
        toAssign.map(i => i.name).join(', ') || 'nothing'
      } to ${entityRef}`,
    );
  } else {
    const done: Integration[] = [];
    try {
      for (const integration of toAssign) {
        done.push(
          await changeProjects(
            api,
            integration,
            projects => [...new Set([...projects, entityRef])],
            onBehalf,
          ),
        );
        ctx.logger.info(`Assigned ${integration.name} to ${entityRef}`);
      }
    } catch (error) {
      await undoAssignments(api, done, entityRef, onBehalf, ctx.logger);
      throw error;
    }
  }
  ctx.output('assigned', toAssign.map(brief));
  ctx.output('alreadyAssigned', already.map(brief));
}

async function undoAssignments(
  api: IntegrationsApi,
  done: Integration[],
  entityRef: string,
  onBehalf: Parameters<IntegrationsApi['getIntegration']>[1],
  logger: { warn(message: string): void },
) {
  for (const integration of done) {
    try {
      await changeProjects(
        api,
        integration,
        projects => projects.filter(p => p !== entityRef),
        onBehalf,
      );
    } catch (error) {
      logger.warn(
        `Could not undo the assignment of ${
          integration.name
        } to ${entityRef}: ${(error as Error).message}`,
      );
    }
  }
}
