import request from 'supertest';
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import searchPlugin from '@backstage/plugin-search-backend';
import { integrationReadPermission } from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsServiceRef } from '@integrations-hub/backstage-plugin-integrations-node';
import {
  IntegrationDocument,
  IntegrationsCollatorFactory,
} from './IntegrationsCollatorFactory';
import { searchModuleIntegrationsCollator } from './module';
import {
  ALLOWED,
  REFUSED,
  rightsByUser,
  integrationsBackendFeatures,
} from './__testUtils__/integrationsBackend';

jest.setTimeout(60_000);

const CANARY = 'sk_canary_search_4e1a';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('integrations search collator', () => {
  let backend: TestBackend;
  let searchScheduler: SchedulerService;
  let collatorFactory: IntegrationsCollatorFactory;
  const asAlice = { Authorization: mockCredentials.user.header(ALLOWED) };
  const asBob = { Authorization: mockCredentials.user.header(REFUSED) };
  const ids: string[] = [];

  // Reaches the search plugin's scheduler (to index on demand) and builds the
  // collator factory with the search plugin's own auth and Integrations client.
  const schedulerProbe = createBackendModule({
    pluginId: 'search',
    moduleId: 'test-scheduler-probe',
    register(env) {
      env.registerInit({
        deps: {
          scheduler: coreServices.scheduler,
          auth: coreServices.auth,
          integrations: integrationsServiceRef,
        },
        async init({ scheduler, auth, integrations }) {
          searchScheduler = scheduler;
          collatorFactory = new IntegrationsCollatorFactory({
            auth,
            source: integrations,
          });
        },
      });
    },
  });

  const query = (term: string, auth: Record<string, string>) =>
    request(backend.server)
      .get('/api/search/query')
      .query({ term, types: ['integration'] })
      .set(auth);

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    backend = await startTestBackend({
      features: [
        ...integrationsBackendFeatures({ knex, permissions: rightsByUser }),
        searchPlugin,
        searchModuleIntegrationsCollator,
        schedulerProbe,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    for (const [name, key, url] of [
      ['Stripe', 'STRIPE_SECRET_KEY', 'https://api.stripe.example/v1?token=x'],
      ['Twilio', 'TWILIO_AUTH_TOKEN', 'https://api.twilio.example/2010'],
    ]) {
      const res = await request(backend.server)
        .post('/api/integrations/integrations')
        .set(asAlice)
        .send({
          name,
          type: 'payments',
          description: `${name} for the shop`,
          urls: [{ url }],
          projects: ['component:default/checkout'],
          credentials: [{ key, value: CANARY }],
        });
      if (res.status !== 201) throw new Error(`create: ${res.status}`);
      ids.push(res.body.id);
    }
    await searchScheduler.triggerTask('search_index_integration');
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('collates metadata only, each document marked with its resource ref', async () => {
    expect(collatorFactory.visibilityPermission).toBe(
      integrationReadPermission,
    );
    const documents: IntegrationDocument[] = [];
    for await (const document of await collatorFactory.getCollator())
      documents.push(document);
    expect(documents.map(d => d.authorization.resourceRef).sort()).toEqual(
      [...ids].sort(),
    );
    for (const document of documents)
      expect(document.authorization.resourceRef).toBe(document.integrationId);
    expect(JSON.stringify(documents)).not.toContain(CANARY);
    expect(JSON.stringify(documents)).not.toContain('token=x');
  });

  it('finds an integration by credential key', async () => {
    const res = await query('STRIPE_SECRET_KEY', asAlice);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    const { document } = res.body.results[0];
    expect(document).toEqual({
      title: 'Stripe',
      text: 'Stripe for the shop · api.stripe.example · STRIPE_SECRET_KEY',
      location: `/integrations/${ids[0]}`,
      integrationId: ids[0],
      integrationType: 'payments',
      owner: ALLOWED,
      projects: ['component:default/checkout'],
      urlHosts: ['api.stripe.example'],
      credentialKeys: ['STRIPE_SECRET_KEY'],
    });
    expect(JSON.stringify(res.body)).not.toContain(CANARY);
    // URL paths and queries stay out of the index.
    expect(JSON.stringify(res.body)).not.toContain('token=x');
  });

  it('shows nothing to a user without the read permission', async () => {
    expect(
      (await query('TWILIO_AUTH_TOKEN', asAlice)).body.results,
    ).toHaveLength(1);
    const res = await query('TWILIO_AUTH_TOKEN', asBob);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([]);
  });
});
