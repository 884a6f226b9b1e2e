import {
  describeValidationError,
  hasUnsafeCharacters,
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
      listQuerySchema.parse({ type: 'ai', cursor: 'abc_1-2', limit: '20' }),
    ).toEqual({
      type: ['ai'],
      cursor: 'abc_1-2',
      limit: 20,
    });
    expect(errorOf(listQuerySchema, { limit: '1000' })).toMatch(
      /^limit: must be at most 200/,
    );
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['escape', 'a\u001b[2Jb'],
    ['right-to-left override', 'invoice\u202Egnp.exe'],
    ['isolate', 'a\u2068b'],
    ['lone surrogate', 'a\udc00'],
  ])('refuses a name holding a %s character', (_, name) => {
    expect(errorOf(integrationInputSchema, { ...valid, name })).toBe(
      'name: must not contain control characters, bidi overrides or lone surrogates',
    );
  });

  it('allows line breaks and tabs in descriptions and values, not in names', () => {
    const text = 'line one\n\tline two';
    expect(
      integrationInputSchema.safeParse({
        ...valid,
        description: text,
        credentials: [{ key: 'K', value: `-----BEGIN KEY-----\n${text}` }],
      }).success,
    ).toBe(true);
    expect(errorOf(integrationInputSchema, { ...valid, name: text })).toMatch(
      /^name: must not contain control characters/,
    );
    expect(hasUnsafeCharacters('👩‍💻 ok')).toBe(false);
  });

  it('says what type was expected', () => {
    expect(errorOf(integrationInputSchema, { ...valid, name: 42 })).toBe(
      'name: expected a string',
    );
    expect(errorOf(integrationUpdateSchema, { ...valid, version: '1' })).toBe(
      'version: expected a number',
    );
  });

  it('bounds expiry dates to the years 1900-9999', () => {
    const withExpiry = (expiresAt: string) => ({
      ...valid,
      credentials: [{ key: 'K', value: 'v', expiresAt }],
    });
    expect(
      integrationInputSchema.safeParse(withExpiry('2030-01-01T00:00:00Z'))
        .success,
    ).toBe(true);
    expect(
      errorOf(integrationInputSchema, withExpiry('-100000-01-01T00:00:00Z')),
    ).toMatch(/^credentials\[0\]\.expiresAt: must be/);
    expect(
      errorOf(integrationInputSchema, withExpiry('0001-01-01T00:00:00Z')),
    ).toBe(
      'credentials[0].expiresAt: must be a date between the years 1900 and 9999',
    );
  });

  it('bounds a credential overlap window to whole minutes from 0 to a week', () => {
    const withOverlap = (overlapMinutes: unknown) => ({
      ...valid,
      version: 1,
      credentials: [{ key: 'K', overlapMinutes }],
    });
    for (const ok of [0, 90, 10080, null]) {
      expect(
        integrationUpdateSchema.parse(withOverlap(ok)).credentials[0]
          .overlapMinutes,
      ).toBe(ok);
    }
    expect(errorOf(integrationUpdateSchema, withOverlap(10081))).toBe(
      'credentials[0].overlapMinutes: must be at most 10080 (a week)',
    );
    expect(errorOf(integrationUpdateSchema, withOverlap(-1))).toBe(
      'credentials[0].overlapMinutes: must be 0 or more',
    );
    expect(errorOf(integrationUpdateSchema, withOverlap(1.5))).toBe(
      'credentials[0].overlapMinutes: expected an integer',
    );
    expect(errorOf(integrationUpdateSchema, withOverlap('60'))).toBe(
      'credentials[0].overlapMinutes: expected a number',
    );
  });

  it('takes unused as a boolean or the strings true and false', () => {
    expect(listQuerySchema.parse({ unused: true })).toEqual({ unused: true });
    expect(listQuerySchema.parse({ unused: 'false' })).toEqual({
      unused: false,
    });
    expect(errorOf(listQuerySchema, { unused: 'yes' })).toBe(
      'unused: must be true or false',
    );
  });

  it('pages by cursor only: offset is refused, 0 included', () => {
    expect(listQuerySchema.parse({ limit: 10 })).toEqual({ limit: 10 });
    for (const offset of [0, 5, '5'])
      expect(errorOf(listQuerySchema, { offset })).toBe(
        'unknown field(s) offset',
      );
  });
});
