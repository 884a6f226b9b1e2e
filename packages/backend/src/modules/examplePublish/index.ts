import { cp, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  coreServices,
  createBackendModule,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';

/**
 * The example portal's stand-in for a git host: `example:publish-local` copies the
 * template's workspace into `examplePortal.scaffoldedDirectory/<name>/`, which the
 * catalog reads through a file location glob. Only for the example portal.
 */
export default createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'example-publish-local',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ config, scaffolder }) {
        const directory = config.getOptionalString(
          'examplePortal.scaffoldedDirectory',
        );
        if (!directory) return;
        const root = resolve(directory);
        scaffolder.addActions(
          createTemplateAction({
            id: 'example:publish-local',
            description:
              'Copies the workspace into the example catalog folder (example portal only).',
            supportsDryRun: true,
            schema: {
              input: {
                name: z =>
                  z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a plain name'),
              },
            },
            async handler(ctx) {
              const target = resolveSafeChildPath(root, ctx.input.name);
              if (ctx.isDryRun) return;
              await mkdir(target, { recursive: true });
              await cp(ctx.workspacePath, target, { recursive: true });
              ctx.logger.info(`Published ${ctx.input.name} to ${target}`);
            },
          }),
        );
      },
    });
  },
});
