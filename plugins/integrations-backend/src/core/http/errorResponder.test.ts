import { Request } from 'express';
import { describeValidatorError } from './errorResponder';

const req = (parts: Partial<Request> & { openapi?: unknown }) =>
  ({ query: {}, body: {}, ...parts } as unknown as Request);

describe('describeValidatorError', () => {
  it('names the field and says what was expected', () => {
    expect(
      describeValidatorError(
        req({}),
        'request/body/name must be string, request/body/urls/0/url must NOT have more than 2048 characters',
      ),
    ).toBe(
      'name: expected a string; urls[0].url: must have at most 2048 characters',
    );
  });

  it('names a missing property as required', () => {
    expect(
      describeValidatorError(
        req({}),
        "request/body must have required property 'type'",
      ),
    ).toBe('type: is required');
  });

  it('says a single-value query parameter must be given once', () => {
    expect(
      describeValidatorError(
        req({ query: { q: ['a', 'b'] } as any }),
        'request/query/q must be string',
      ),
    ).toBe('q: must be given once');
  });

  it('translates the spec patterns into words, never quoting them or the value', () => {
    const message = describeValidatorError(
      req({}),
      'request/params/id must match pattern "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"',
    );
    expect(message).toBe('id: must be a UUID');
  });

  it('lists unknown fields by name only when the name is plain', () => {
    const openapi = {
      schema: {
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { name: {} } },
            },
          },
        },
      },
    };
    expect(
      describeValidatorError(
        req({
          openapi,
          body: { name: 'x', colour: 'red', 'canary\u0000x': 1 },
        }),
        'request/body must NOT have additional properties',
      ),
    ).toBe('unknown field(s) colour');
  });

  it('does not repeat an unknown query parameter name that is not plain', () => {
    expect(
      describeValidatorError(
        req({}),
        "Unknown query parameter 'secret value!'",
      ),
    ).toBe('unknown query parameter');
    expect(
      describeValidatorError(req({}), "Unknown query parameter 'colour'"),
    ).toBe('colour: unknown query parameter');
  });

  it('says what replaced a parameter the spec removed', () => {
    const openapi = {
      schema: { 'x-removed-parameters': { offset: 'page with cursor' } },
    };
    expect(
      describeValidatorError(
        req({ openapi }),
        "Unknown query parameter 'offset'",
      ),
    ).toBe('offset: page with cursor');
    expect(
      describeValidatorError(
        req({ openapi }),
        "Unknown query parameter 'constructor'",
      ),
    ).toBe('constructor: unknown query parameter');
  });
});
