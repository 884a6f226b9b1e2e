import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { IntegrationInput } from '@integrations-hub/backstage-plugin-integrations-common';
import { explained, IntegrationsApi } from './integrationsApi';

/**
 * `integrations:create`: creates an integration from template input. Credential
 * values come only from the template's secrets (`ctx.secrets`, e.g. a `ui:field: Secret`
 * parameter): the input names the secret, so a value never passes through
 * parameters, step input, output or logs.
 *
 * @public
 */
export function createCreateIntegrationAction(options: {
  integrations: IntegrationsApi;
}) {
  const api = options.integrations;
  return createTemplateAction({
    id: 'integrations:create',
    description:
      'Creates an integration as the user running the template; credential values are read from the template secrets.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Create an integration whose API key the user typed into a Secret field',
        example: `steps:
  - id: create-integration
    action: integrations:create
    input:
      name: \${{ parameters.name }} payments
      type: payments
      urls: [https://api.stripe.example]
      projects: [component:default/\${{ parameters.name }}]
      credentials:
        - key: STRIPE_SECRET_KEY
          secret: stripeKey   # the value is \${{ secrets.stripeKey }}, never in the input`,
      },
    ],
    schema: {
      input: {
        name: z => z.string().min(1).describe('Integration name'),
        type: z => z.string().min(1).describe('Type id from app-config'),
        description: z => z.string().optional(),
        owner: z =>
          z
            .string()
            .optional()
            .describe('Owning user or group; defaults to the user running it'),
        urls: z =>
          z
            .array(
              z.union([
                z.string(),
                z.object({ url: z.string(), label: z.string().optional() }),
              ]),
            )
            .default([]),
        projects: z =>
          z
            .array(z.string())
            .default([])
            .describe('Entity refs that may use the integration'),
        credentials: z =>
          z
            .array(
              z
                .object({
                  key: z
                    .string()
                    .min(1)
                    .describe('Credential key, e.g. API_KEY'),
                  secret: z
                    .string()
                    .min(1)
                    .describe('Name of the template secret holding the value'),
                })
                // No value field: values never travel in the input.
                .strict(),
            )
            .default([]),
      },
      output: {
        id: z =>
          z.string().describe('Id of the new integration (empty in a dry run)'),
        link: z => z.string().describe('Path of the integration in the portal'),
        credentialKeys: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const secrets = ctx.secrets ?? {};
      const credentials = input.credentials.map(c => {
        const value = secrets[c.secret];
        if (typeof value !== 'string' || value.length === 0) {
          throw new InputError(
            `credentials: "${c.key}" needs the template secret "${c.secret}", which is not set`,
          );
        }
        return { key: c.key, value };
      });
      const body: IntegrationInput = {
        name: input.name,
        type: input.type,
        ...(input.description ? { description: input.description } : {}),
        ...(input.owner ? { owner: input.owner } : {}),
        urls: input.urls.map(u => (typeof u === 'string' ? { url: u } : u)),
        projects: input.projects,
        credentials,
      };
      const credentialKeys = credentials.map(c => c.key);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create integration ${
            input.name
          } with credential keys ${credentialKeys.join(', ') || '(none)'}`,
        );
        ctx.output('id', '');
        ctx.output('link', '');
        ctx.output('credentialKeys', credentialKeys);
        return;
      }
      const created = await api
        .createIntegration(body, {
          credentials: await ctx.getInitiatorCredentials(),
        })
        .catch(error => {
          throw explained(error);
        });
      ctx.logger.info(`Created integration ${created.name} (${created.id})`);
      ctx.output('id', created.id);
      ctx.output('link', `/integrations/${encodeURIComponent(created.id)}`);
      ctx.output(
        'credentialKeys',
        created.credentials.map(c => c.key),
      );
    },
  });
}
