import { randomBytes } from 'node:crypto';

/** An encryption key for tests: a fresh random secret per process. @public */
export function createTestEncryptionKey(id = 'test-key-1') {
  return { id, secret: randomBytes(32).toString('base64') };
}

/** The key {@link integrationsTestConfig} uses unless given others. @public */
export const TEST_KEY = createTestEncryptionKey();

/** Three integration types, two with a rotation period. @public */
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

/**
 * App config for a test backend: permissions on, {@link TEST_TYPES} and one
 * key. Pass `integrationsHub` settings to add or replace sections.
 * @public
 */
export function integrationsTestConfig(
  options: {
    keys?: Array<{ id: string; secret: string }>;
    integrationsHub?: Record<string, unknown>;
  } = {},
) {
  return {
    permission: { enabled: true },
    integrationsHub: {
      types: TEST_TYPES,
      encryption: { keys: options.keys ?? [TEST_KEY] },
      ...options.integrationsHub,
    },
  };
}

/**
 * A valid create body; `value` is the canary tests look for in responses
 * and logs.
 * @public
 */
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
