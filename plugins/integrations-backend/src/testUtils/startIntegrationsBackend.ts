import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { integrationsPlugin } from '../plugin';
import { integrationsTestConfig } from './config';

/** @public */
export interface IntegrationsBackendOptions {
  /** The database the plugin migrates and uses (SQLite or PostgreSQL). */
  knex: Knex;
  /** Decides every permission; allow-all when left out. */
  permissions?: PermissionsService;
  /** App config; {@link integrationsTestConfig} when left out. */
  config?: object;
}

/**
 * The real Integrations backend plugin with the services it needs, for
 * `startTestBackend({ features })` beside the module under test.
 * @public
 */
export function integrationsBackendFeatures(
  options: IntegrationsBackendOptions,
): BackendFeature[] {
  const permissions = options.permissions ?? mockServices.permissions();
  return [
    integrationsPlugin,
    mockServices.rootConfig.factory({
      data: (options.config ?? integrationsTestConfig()) as any,
    }),
    mockServices.database.factory({ knex: options.knex }),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    // Logs go to the console so tests can prove no secret is ever logged.
    mockServices.rootLogger.factory({ level: 'debug' }),
    createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => permissions,
    }),
  ];
}

/**
 * Starts a test backend with the real Integrations plugin and any more
 * plugins, modules or service factories (an events subscriber, a module).
 * @public
 */
export function startIntegrationsBackend(
  options: IntegrationsBackendOptions & { features?: BackendFeature[] },
) {
  return startTestBackend({
    features: [
      ...integrationsBackendFeatures(options),
      ...(options.features ?? []),
    ],
  });
}

/** The `Authorization` header of a signed-in user, as the mock auth reads it. @public */
export const userHeader = (ref = 'user:default/alice') =>
  mockCredentials.user.header(ref);
