import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  EventParams,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  IntegrationChangeEvent,
  INTEGRATIONS_CHANGES_TOPIC,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  integrationBody,
  startIntegrationsBackend,
  userHeader,
} from '../../__testUtils__/testBackend';

jest.setTimeout(60_000);

const CANARY = 'sk_canary_events_91b2';
const ROTATED = 'sk_canary_events_rotated_55e0';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'change events on %s',
  databaseId => {
    let backend: TestBackend;
    const received: EventParams[] = [];
    const auth = { Authorization: userHeader('user:default/alice') };
    const api = () => request(backend.server);

    /** Another plugin that reacts to integration changes, as an adopter's would. */
    const subscriber = createBackendPlugin({
      pluginId: 'change-listener',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef, logger: coreServices.logger },
          async init({ events }) {
            await events.subscribe({
              id: 'test',
              topics: [INTEGRATIONS_CHANGES_TOPIC],
              onEvent: async event => {
                received.push(event);
              },
            });
          },
        });
      },
    });

    /** Runs one change and returns the events it published. */
    const eventsOf = async (change: () => Promise<unknown>) => {
      received.length = 0;
      await change();
      const payloads = received.map(
        e => e.eventPayload as IntegrationChangeEvent,
      );
      expect(JSON.stringify(received)).not.toContain(CANARY);
      expect(JSON.stringify(received)).not.toContain(ROTATED);
      expect(received.every(e => e.topic === INTEGRATIONS_CHANGES_TOPIC)).toBe(
        true,
      );
      return payloads;
    };

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startIntegrationsBackend({
        knex,
        // The real in-process events service, shared by both plugins.
        features: [eventsServiceFactory, subscriber],
      });
    });
    afterAll(async () => {
      await backend?.stop();
    });

    it('publishes exactly one event per change, with ids and keys only', async () => {
      let created: any;
      expect(
        await eventsOf(async () => {
          created = (
            await api()
              .post('/api/integrations/integrations')
              .set(auth)
              .send(integrationBody({}, CANARY))
          ).body;
        }),
      ).toEqual([
        expect.objectContaining({
          type: 'integration.created',
          integrationId: created.id,
          actor: 'user:default/alice',
          name: 'OpenAI',
          credentialKeys: ['API_KEY', 'ORG_ID'],
          projects: ['component:default/checkout'],
        }),
      ]);

      // Sends the integration as last read, with `changes` on top.
      const update = (changes: object) =>
        api()
          .put(`/api/integrations/integrations/${created.id}`)
          .set(auth)
          .send({
            name: created.name,
            type: created.type,
            description: created.description,
            urls: created.urls,
            projects: created.projects,
            credentials: created.credentials.map((c: any) => ({ key: c.key })),
            version: created.version,
            ...changes,
          })
          .then(res => {
            expect(res.status).toBe(200);
            created = res.body;
          });

      expect(
        await eventsOf(() =>
          update({
            credentials: [
              { key: 'API_KEY', value: ROTATED },
              { key: 'ORG_ID' },
            ],
          }),
        ),
      ).toEqual([
        expect.objectContaining({ type: 'credential.rotated', key: 'API_KEY' }),
      ]);

      expect(await eventsOf(() => update({ description: 'Changed' }))).toEqual([
        expect.objectContaining({
          type: 'integration.updated',
          changedFields: ['description'],
          urlsChanged: false,
        }),
      ]);

      expect(
        await eventsOf(() =>
          update({
            projects: [
              'component:default/checkout',
              'component:default/billing',
            ],
          }),
        ),
      ).toEqual([
        expect.objectContaining({
          type: 'assignment.added',
          project: 'component:default/billing',
        }),
      ]);

      expect(
        await eventsOf(() =>
          update({ projects: ['component:default/billing'] }),
        ),
      ).toEqual([
        expect.objectContaining({
          type: 'assignment.removed',
          project: 'component:default/checkout',
        }),
      ]);

      const project = encodeURIComponent('component:default/billing');
      const assignment = `/api/integrations/integrations/${created.id}/projects/${project}`;
      expect(
        await eventsOf(() =>
          api()
            .post(`${assignment}/pause`)
            .set(auth)
            .send({ reason: 'incident INC-77' })
            .expect(200),
        ),
      ).toEqual([
        {
          type: 'assignment.paused',
          integrationId: created.id,
          actor: 'user:default/alice',
          at: expect.any(String),
          project: 'component:default/billing',
        },
      ]);
      // The reason is the user's prose, not an id: it stays in the history.
      expect(JSON.stringify(received)).not.toContain('INC-77');
      // Pausing a paused assignment changes nothing, so nothing is published.
      expect(
        await eventsOf(() =>
          api().post(`${assignment}/pause`).set(auth).send({}).expect(200),
        ),
      ).toEqual([]);
      expect(
        await eventsOf(() =>
          api().post(`${assignment}/resume`).set(auth).expect(200),
        ),
      ).toEqual([
        expect.objectContaining({
          type: 'assignment.resumed',
          integrationId: created.id,
          project: 'component:default/billing',
        }),
      ]);

      // Version 1 of API_KEY holds CANARY: the rollback's event names the key only.
      const rollback = `/api/integrations/integrations/${created.id}/credentials/API_KEY/rollback`;
      expect(
        await eventsOf(() =>
          api().post(rollback).set(auth).send({ version: 1 }).expect(200),
        ),
      ).toEqual([
        {
          type: 'credential.rolled-back',
          integrationId: created.id,
          actor: 'user:default/alice',
          at: expect.any(String),
          key: 'API_KEY',
        },
      ]);
      // A refused rollback (the version is already current) publishes nothing.
      const versions = await api()
        .get(`/api/integrations/integrations/${created.id}/versions`)
        .set(auth)
        .expect(200);
      const current = versions.body.items.find(
        (v: any) => v.key === 'API_KEY' && v.current,
      );
      expect(
        await eventsOf(() =>
          api()
            .post(rollback)
            .set(auth)
            .send({ version: current.version })
            .expect(400),
        ),
      ).toEqual([]);

      expect(
        await eventsOf(() =>
          api()
            .delete(`/api/integrations/integrations/${created.id}`)
            .set(auth)
            .expect(204),
        ),
      ).toEqual([
        expect.objectContaining({
          type: 'integration.deleted',
          integrationId: created.id,
        }),
      ]);
    });

    it('publishes nothing when a change is refused', async () => {
      expect(
        await eventsOf(() =>
          api()
            .post('/api/integrations/integrations')
            .set(auth)
            .send(integrationBody({ type: 'unknown-type' }, CANARY))
            .expect(400),
        ),
      ).toEqual([]);
    });
  },
);
