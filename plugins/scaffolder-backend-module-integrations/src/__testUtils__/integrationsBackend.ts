import { randomBytes } from 'node:crypto';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The real backend plugin, so the module is tested against the real API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations-backend';
import { Knex } from 'knex';

export const ALLOWED = 'user:default/alice';
export const REFUSED = 'user:default/bob';

/**
 * Permission decisions by user, as a policy would give them: alice may do
 * everything; bob may read but not change integrations or assign entities.
 */
export const rightsByUser: PermissionsService = {
  async authorize(requests, options) {
    return requests.map(r => ({ result: decide(r.permission, options) }));
  },
  async authorizeConditional(requests, options) {
    return requests.map(r => ({
      result: decide(r.permission, options),
    })) as any;
  },
};

function decide(
  permission: { attributes: { action?: string } },
  options?: { credentials: BackstageCredentials },
) {
  const principal = options?.credentials.principal as any;
  if (principal?.type === 'user' && principal.userEntityRef === ALLOWED)
    return AuthorizeResult.ALLOW;
  return permission.attributes.action === 'read'
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

/** The real Integrations backend plugin and its dependencies, for a test backend. */
export function integrationsBackendFeatures(knex: Knex) {
  return [
    integrationsPlugin,
    mockServices.rootConfig.factory({
      data: {
        permission: { enabled: true },
        integrationsHub: {
          types: [
            { id: 'ai', title: 'AI' },
            { id: 'payments', title: 'Payments' },
          ],
          encryption: {
            keys: [{ id: 'k1', secret: randomBytes(32).toString('base64') }],
          },
        },
      },
    }),
    mockServices.database.factory({ knex }),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    // Logs go to the console so tests can prove no secret is ever logged.
    mockServices.rootLogger.factory({ level: 'debug' }),
    createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => rightsByUser,
    }),
  ];
}

/** Collects everything written to stdout/stderr and the console while a test runs. */
export function captureOutput() {
  let output = '';
  const spies = [process.stdout, process.stderr].map(stream =>
    jest.spyOn(stream, 'write').mockImplementation(((
      chunk: any,
      ...rest: any[]
    ) => {
      output += String(chunk);
      const cb = rest.find(r => typeof r === 'function');
      if (cb) cb();
      return true;
    }) as any),
  );
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map(
    level =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        output += `${args.map(String).join(' ')}\n`;
      }),
  );
  return {
    text: () => output,
    restore: () => [...spies, ...consoleSpies].forEach(s => s.mockRestore()),
  };
}
