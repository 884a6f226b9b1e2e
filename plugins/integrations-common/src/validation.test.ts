import {
  describeValidationError,
  integrationInputSchema,
  integrationUpdateSchema,
  listQuerySchema,
} from './validation';

const valid = {
  name: 'OpenAI',
  type: 'ai',
  urls: [{ url: 'https://api.openai.example/v1' }],
  projects: ['component:default/checkout'],
  credentials: [{ key: 'API_KEY', value: 's3cret' }],
};

function errorOf(schema: any, input: unknown): string {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return describeValidationError(result.error);
}

describe('integration validation', () => {
  it('accepts a complete integration and normalizes entity refs', () => {
    const parsed = integrationInputSchema.parse({
      ...valid,
      projects: ['Component:checkout'],
      owner: 'group:team-payments',
    });
    expect(parsed.projects).toEqual(['component:default/checkout']);
    expect(parsed.owner).toBe('group:default/team-payments');
  });

  it.each([
    [{ ...valid, name: '' }, /^name: is required/],
    [{ ...valid, name: undefined }, /^name: is required/],
    [
      { ...valid, urls: [{ url: 'ftp://x' }] },
      /^urls\[0\]\.url: must be an absolute http\(s\) URL/,
    ],
    [{ ...valid, urls: [{ url: 'not a url' }] }, /^urls\[0\]\.url:/],
    [
      { ...valid, projects: ['checkout'] },
      /^projects\[0\]: must be an entity ref/,
    ],
    [
      { ...valid, owner: 'component:default/x' },
      /^owner: must be a user or group entity ref/,
    ],
    [
      {
        ...valid,
        credentials: [
          { key: 'A', value: '1' },
          { key: 'A', value: '2' },
        ],
      },
      /^credentials\[1\]\.key: duplicate credential key "A"/,
    ],
    [
      { ...valid, credentials: [{ key: 'A' }] },
      /^credentials\[0\]\.value: is required/,
    ],
    [
      { ...valid, credentials: [{ key: '1bad', value: 'x' }] },
      /^credentials\[0\]\.key: must start with/,
    ],
    [{ ...valid, extra: true }, /unknown field\(s\) extra/],
    [{ ...valid, name: 42 }, /^name: /],
  ])('rejects %j naming the field', (input, message) => {
    expect(errorOf(integrationInputSchema, input)).toMatch(message);
  });

  it('lets an update keep a credential by sending no value', () => {
    const parsed = integrationUpdateSchema.parse({
      ...valid,
      version: 3,
      credentials: [{ key: 'API_KEY' }],
    });
    expect(parsed.credentials[0].value).toBeUndefined();
  });

  it('requires a version on update', () => {
    expect(errorOf(integrationUpdateSchema, valid)).toMatch(
      /^version: is required/,
    );
  });

  it('parses list queries from strings', () => {
    expect(
      listQuerySchema.parse({ type: 'ai', offset: '10', limit: '20' }),
    ).toEqual({
      type: ['ai'],
      offset: 10,
      limit: 20,
    });
    expect(errorOf(listQuerySchema, { limit: '1000' })).toMatch(
      /^limit: must be at most 200/,
    );
    expect(errorOf(listQuerySchema, { offset: '-1' })).toMatch(
      /^offset: must be a non-negative integer/,
    );
  });
});
