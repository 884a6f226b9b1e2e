import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackendFeature,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import { integrationsPlugin } from '../plugin';

export const TEST_KEY = {
  id: 'test-key-1',
  secret: randomBytes(32).toString('base64'),
};

export const TEST_TYPES = [
  { id: 'ai', title: 'AI', icon: 'ai', rotationPeriodDays: 90 },
  { id: 'telephony', title: 'Telephony', icon: 'telephony' },
  {
    id: 'payments',
    title: 'Payments',
    icon: 'payments',
    rotationPeriodDays: 30,
  },
];

export function testConfig(keys = [TEST_KEY]) {
  return {
    permission: { enabled: true },
    integrationsHub: { types: TEST_TYPES, encryption: { keys } },
  };
}

export const userHeader = (ref = 'user:default/alice') =>
  mockCredentials.user.header(ref);

/** Starts a backend with the real integrations plugin on the given database. */
export async function startIntegrationsBackend(options: {
  knex: Knex;
  permissions?: PermissionsService;
  config?: object;
  /** More plugins, modules or service factories (e.g. an events subscriber). */
  features?: BackendFeature[];
}) {
  const features = [
    integrationsPlugin,
    mockServices.rootConfig.factory({
      data: (options.config ?? testConfig()) as any,
    }),
    mockServices.database.factory({ knex: options.knex }),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    // Logs go to the console so tests can prove no secret is ever logged.
    mockServices.rootLogger.factory({ level: 'debug' }),
  ];
  // Allow-all unless a test brings its own permissions service.
  const permissions = options.permissions ?? mockServices.permissions();
  features.push(
    createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => permissions,
    }) as any,
  );
  features.push(...((options.features ?? []) as any[]));
  return startTestBackend({ features });
}

/** A valid create body; `value` is what tests look for in responses and logs. */
export function integrationBody(
  overrides: Record<string, unknown> = {},
  value = 'canary-0000',
) {
  return {
    name: 'OpenAI',
    type: 'ai',
    description: 'LLM provider',
    urls: [
      { url: 'https://api.openai.example/v1', label: 'API' },
      { url: 'https://status.openai.example' },
    ],
    projects: ['component:default/checkout'],
    credentials: [
      { key: 'API_KEY', value },
      { key: 'ORG_ID', value: 'org-1234' },
    ],
    ...overrides,
  };
}

/** Collects everything written to stdout/stderr while a test runs. */
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
