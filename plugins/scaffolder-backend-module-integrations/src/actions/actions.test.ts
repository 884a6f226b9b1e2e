import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { scaffolderModuleIntegrations } from '../module';
import {
  ALLOWED,
  REFUSED,
  rightsByUser,
  captureOutput,
  integrationsBackendFeatures,
} from '../__testUtils__/integrationsBackend';

jest.setTimeout(60_000);

const CANARY = 'sk_canary_scaffolder_8c31';
const NEW_ENTITY = 'component:default/new-service';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('integrations scaffolder actions', () => {
  let backend: TestBackend;
  let output: ReturnType<typeof captureOutput>;
  const actions = new Map<string, TemplateAction<any, any, any>>();
  const asAlice = { Authorization: mockCredentials.user.header(ALLOWED) };

  const api = () => request(backend.server);
  const createIntegration = async (name: string) => {
    const res = await api()
      .post('/api/integrations/integrations')
      .set(asAlice)
      .send({
        name,
        type: 'ai',
        urls: [{ url: 'https://api.example.com/v1' }],
        projects: [],
        credentials: [{ key: 'API_KEY', value: CANARY }],
      });
    expect(res.status).toBe(201);
    return res.body;
  };
  const read = async (id: string) =>
    (await api().get(`/api/integrations/integrations/${id}`).set(asAlice)).body;
  const listAll = async () =>
    (await api().get('/api/integrations/integrations').set(asAlice)).body;

  /** A step context as the scaffolder gives it, run by `user`. */
  const context = (input: object, user: string, extra: object = {}) => {
    const logger = mockServices.logger.mock();
    // The mock context keeps only some options; initiator and dry run are set on it.
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        logger,
        ...extra,
      }),
      getInitiatorCredentials: async () => mockCredentials.user(user),
      ...extra,
    };
    const written = () =>
      JSON.stringify([
        (ctx.output as jest.Mock).mock.calls,
        ...Object.values(logger).map(fn => (fn as jest.Mock).mock?.calls),
      ]);
    return { ctx, written };
  };

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added) => added.forEach(a => actions.set(a.id, a)),
          },
        ],
      ],
      features: [
        ...integrationsBackendFeatures({ knex, permissions: rightsByUser }),
        scaffolderModuleIntegrations,
      ],
    });
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    const text = output.text();
    output.restore();
    if (text.includes(CANARY))
      throw new Error('a secret value was written to the output');
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('registers integrations:assign and integrations:create', () => {
    expect([...actions.keys()].sort()).toEqual([
      'integrations:assign',
      'integrations:create',
    ]);
  });

  describe('integrations:assign', () => {
    it('assigns integrations by name and by id as the user who runs the template', async () => {
      const openai = await createIntegration('OpenAI');
      const twilio = await createIntegration('Twilio');
      const { ctx, written } = context(
        { entityRef: NEW_ENTITY, integrations: ['OpenAI', twilio.id] },
        ALLOWED,
      );
      await actions.get('integrations:assign')!.handler(ctx);

      expect((await read(openai.id)).projects).toEqual([NEW_ENTITY]);
      expect((await read(twilio.id)).projects).toEqual([NEW_ENTITY]);
      expect((await read(twilio.id)).updatedBy).toBe(ALLOWED);
      expect(ctx.output).toHaveBeenCalledWith('assigned', [
        { id: openai.id, name: 'OpenAI' },
        { id: twilio.id, name: 'Twilio' },
      ]);
      // The stored value is untouched: assigning sends keys without values.
      const reveal = await api()
        .post(
          `/api/integrations/integrations/${openai.id}/credentials/API_KEY/reveal`,
        )
        .set(asAlice);
      expect(reveal.body.value).toBe(CANARY);
      expect(written()).not.toContain(CANARY);
    });

    it('refuses a user without rights and changes nothing', async () => {
      const a = await createIntegration('Refused A');
      const b = await createIntegration('Refused B');
      const { ctx } = context(
        { entityRef: NEW_ENTITY, integrations: ['Refused A', 'Refused B'] },
        REFUSED,
      );
      await expect(
        actions.get('integrations:assign')!.handler(ctx),
      ).rejects.toThrow(
        /403 Missing permission integrations.integration.update for integration /,
      );
      for (const before of [a, b]) {
        const after = await read(before.id);
        expect(after.projects).toEqual([]);
        expect(after.version).toBe(before.version);
      }
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('changes nothing in a dry run and reports what it would assign', async () => {
      const dry = await createIntegration('Dry Run');
      const { ctx } = context(
        { entityRef: NEW_ENTITY, integrations: ['Dry Run'] },
        ALLOWED,
        { isDryRun: true },
      );
      await actions.get('integrations:assign')!.handler(ctx);
      const after = await read(dry.id);
      expect(after.projects).toEqual([]);
      expect(after.version).toBe(dry.version);
      expect(ctx.output).toHaveBeenCalledWith('assigned', [
        { id: dry.id, name: 'Dry Run' },
      ]);
    });

    it('stops before any change when a name is unknown', async () => {
      const known = await createIntegration('Known');
      const { ctx } = context(
        { entityRef: NEW_ENTITY, integrations: ['Known', 'No Such Thing'] },
        ALLOWED,
      );
      await expect(
        actions.get('integrations:assign')!.handler(ctx),
      ).rejects.toThrow(/no integration named "No Such Thing"/);
      expect((await read(known.id)).projects).toEqual([]);
    });
  });

  describe('integrations:create', () => {
    const input = {
      name: 'Stripe',
      type: 'payments',
      urls: ['https://api.stripe.example'],
      projects: [NEW_ENTITY],
      credentials: [{ key: 'STRIPE_SECRET_KEY', secret: 'stripeKey' }],
    };

    it('creates the integration with the value from the template secrets only', async () => {
      const { ctx, written } = context(input, ALLOWED, {
        secrets: { stripeKey: CANARY },
      });
      await actions.get('integrations:create')!.handler(ctx);
      const id = (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'id',
      )[1];
      const created = await read(id);
      expect(created).toMatchObject({
        name: 'Stripe',
        owner: ALLOWED,
        projects: [NEW_ENTITY],
        credentials: [expect.objectContaining({ key: 'STRIPE_SECRET_KEY' })],
      });
      const reveal = await api()
        .post(
          `/api/integrations/integrations/${id}/credentials/STRIPE_SECRET_KEY/reveal`,
        )
        .set(asAlice);
      expect(reveal.body.value).toBe(CANARY);
      expect(ctx.output).toHaveBeenCalledWith('credentialKeys', [
        'STRIPE_SECRET_KEY',
      ]);
      expect(written()).not.toContain(CANARY);
    });

    it('keeps credential keys such as __proto__ and constructor as they are', async () => {
      const { ctx } = context(
        {
          ...input,
          name: 'Odd keys',
          credentials: [
            { key: '__proto__', secret: 'first' },
            { key: 'constructor', secret: 'second' },
          ],
        },
        ALLOWED,
        { secrets: { first: `${CANARY}_1`, second: `${CANARY}_2` } },
      );
      await actions.get('integrations:create')!.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('credentialKeys', [
        '__proto__',
        'constructor',
      ]);
      const id = (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'id',
      )[1];
      const reveal = await api()
        .post(
          `/api/integrations/integrations/${id}/credentials/__proto__/reveal`,
        )
        .set(asAlice);
      expect(reveal.body).toEqual({ key: '__proto__', value: `${CANARY}_1` });
    });

    it('refuses a user without the create right and creates nothing', async () => {
      const before = (await listAll()).totalCount;
      const { ctx } = context({ ...input, name: 'Refused' }, REFUSED, {
        secrets: { stripeKey: CANARY },
      });
      await expect(
        actions.get('integrations:create')!.handler(ctx),
      ).rejects.toThrow(/403|not allowed/i);
      expect((await listAll()).totalCount).toBe(before);
    });

    it('creates nothing in a dry run', async () => {
      const before = (await listAll()).totalCount;
      const { ctx, written } = context({ ...input, name: 'Dry' }, ALLOWED, {
        secrets: { stripeKey: CANARY },
        isDryRun: true,
      });
      await actions.get('integrations:create')!.handler(ctx);
      expect((await listAll()).totalCount).toBe(before);
      expect(written()).not.toContain(CANARY);
    });

    it('names the missing template secret and creates nothing', async () => {
      const before = (await listAll()).totalCount;
      const { ctx } = context({ ...input, name: 'No secret' }, ALLOWED, {
        secrets: {},
      });
      await expect(
        actions.get('integrations:create')!.handler(ctx),
      ).rejects.toThrow(
        'credentials: "STRIPE_SECRET_KEY" needs the template secret "stripeKey", which is not set',
      );
      expect((await listAll()).totalCount).toBe(before);
    });

    it('accepts no credential value in its input', () => {
      const schema = actions.get('integrations:create')!.schema!.input as any;
      const item = schema.properties.credentials.items;
      expect(item.additionalProperties).toBe(false);
      expect(Object.keys(item.properties).sort()).toEqual(['key', 'secret']);
    });
  });
});
