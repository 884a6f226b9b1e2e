/** The example portal's demo data: what `npm start` shows a newcomer. Never production. */
const DAY_MS = 24 * 60 * 60 * 1000;

export const DEMO_DESCRIPTION =
  'Demo data: seeded by the example portal in development (integrationsDemo.seed in app-config.yaml).';

/** A create body for POST /integrations, and what to do with it afterwards. */
export interface DemoIntegration {
  body: Record<string, unknown>;
  /** A project whose assignment is paused after creation. */
  pause?: string;
  /** Whether the integration gets a connection check against the demo's failing endpoint. */
  failingCheck?: boolean;
}

/** Obviously fake values: the demo never holds a real secret. */
const demoValue = (key: string) => `demo-${key.toLowerCase()}-not-a-secret`;

const credential = (key: string, expiresAt?: Date) => ({
  key,
  value: demoValue(key),
  ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
});

export function demoIntegrations(
  now: Date,
  failingUrl: string,
): DemoIntegration[] {
  const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS);
  const demo = (body: Record<string, unknown>) => ({
    description: DEMO_DESCRIPTION,
    ...body,
  });
  return [
    {
      body: demo({
        name: 'Demo · OpenAI',
        type: 'ai',
        urls: [{ url: 'https://api.openai.example/v1', label: 'API' }],
        projects: ['component:default/support-assistant'],
        credentials: [credential('OPENAI_API_KEY', inDays(5))],
      }),
    },
    {
      body: demo({
        name: 'Demo · Stripe',
        type: 'payments',
        owner: 'group:default/team-payments',
        urls: [{ url: 'https://api.stripe.example', label: 'API' }],
        projects: ['component:default/checkout', 'component:default/billing'],
        credentials: [
          credential('STRIPE_SECRET_KEY', inDays(-3)),
          credential('STRIPE_WEBHOOK_SECRET'),
        ],
      }),
    },
    {
      body: demo({
        name: 'Demo · Twilio Voice',
        type: 'telephony',
        owner: 'group:default/team-voice',
        urls: [{ url: 'https://api.twilio.example/2010-04-01' }],
        projects: [
          'component:default/call-router',
          'component:default/contact-center',
        ],
        credentials: [
          credential('TWILIO_ACCOUNT_SID'),
          credential('TWILIO_AUTH_TOKEN'),
        ],
      }),
      pause: 'component:default/contact-center',
    },
    {
      body: demo({
        name: 'Demo · Status API',
        type: 'monitoring',
        urls: [{ url: failingUrl, label: 'Health' }],
        projects: ['component:default/status-page'],
        credentials: [],
      }),
      failingCheck: true,
    },
    {
      body: demo({
        name: 'Demo · Slack',
        type: 'messaging',
        urls: [{ url: 'https://slack.example/api' }],
        projects: [],
        credentials: [credential('SLACK_BOT_TOKEN')],
      }),
    },
  ];
}
