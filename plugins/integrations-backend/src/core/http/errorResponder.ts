import { ErrorRequestHandler, Request } from 'express';
import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CREDENTIAL_KEY_MESSAGE,
  UNSAFE_CHARACTERS_MESSAGE,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { spec } from '../../schema/openapi';
import { ImportRowsError } from '../integrations/IntegrationImport';
import { RETRY_AFTER_SECONDS, unavailableDependency } from './unavailable';

/** Errors whose message we wrote ourselves and may show as they are. */
const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  PayloadTooLargeError: 413,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
  CredentialUnavailableError: 500,
};

const PATTERN_MESSAGES = new Map<string, string>(
  Object.entries(spec['x-safe-patterns'] ?? {}).map(([name, pattern]) => [
    pattern as string,
    {
      line: UNSAFE_CHARACTERS_MESSAGE,
      text: UNSAFE_CHARACTERS_MESSAGE,
      uuid: 'must be a UUID',
      credentialKey: CREDENTIAL_KEY_MESSAGE,
    }[name] ?? 'has an invalid format',
  ]),
);

const EXPECTED: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  'string,null': 'a string or null',
};

/** A name we may repeat in a message: short and plain, or nothing. */
const printable = (name: string) =>
  /^[A-Za-z_][\w.-]{0,63}$/.test(name) ? name : undefined;

function fieldOf(segments: string[]): string {
  return segments.reduce((acc, part) => {
    if (/^\d+$/.test(part)) return `${acc}[${part}]`;
    return acc ? `${acc}.${part}` : part;
  }, '');
}

function resolveRef(node: any): any {
  if (!node?.$ref) return node;
  const [, , section, name] = String(node.$ref).split('/');
  return (spec.components as any)[section][name];
}

/** The body schema at a path, to tell which fields of an object are unknown. */
function bodySchemaAt(req: Request, segments: string[]): any {
  const operation = (req as any).openapi?.schema;
  let schema = resolveRef(
    operation?.requestBody?.content?.['application/json']?.schema,
  );
  for (const [depth, part] of segments.entries()) {
    schema = branchOf(schema, valueAt(req.body, segments.slice(0, depth)));
    if (!schema) return undefined;
    schema = resolveRef(
      /^\d+$/.test(part) ? schema.items : schema.properties?.[part],
    );
  }
  return branchOf(schema, valueAt(req.body, segments));
}

/** Of a oneOf with a discriminator, the branch the value's tag names (as the validator picks it). */
function branchOf(schema: any, value: any): any {
  const tag = schema?.discriminator?.propertyName;
  if (!tag || !Array.isArray(schema.oneOf)) return schema;
  return schema.oneOf
    .map(resolveRef)
    .find((branch: any) =>
      branch?.properties?.[tag]?.enum?.includes(value?.[tag]),
    );
}

function valueAt(root: unknown, segments: string[]): unknown {
  return segments.reduce<any>((node, part) => node?.[part], root);
}

function describeOne(req: Request, text: string): string {
  const unknownParam = text.match(/^Unknown query parameter '(.*)'$/s);
  if (unknownParam) {
    const name = printable(unknownParam[1]);
    if (!name) return 'unknown query parameter';
    // A parameter the spec removed says what replaced it (offset: use cursor).
    const removed = (req as any).openapi?.schema?.['x-removed-parameters'];
    return `${name}: ${
      Object.hasOwn(removed ?? {}, name)
        ? removed[name]
        : 'unknown query parameter'
    }`;
  }
  const empty = text.match(/^Empty value found for query parameter '(.*)'$/s);
  if (empty) return `${printable(empty[1]) ?? 'query'}: must not be empty`;
  const reserved = text.match(/^Parameter '(.*)' must be url encoded/s);
  if (reserved) {
    return `${
      printable(reserved[1]) ?? 'query'
    }: must be URL-encoded (reserved characters such as & = ? # are not allowed as they are)`;
  }
  if (/unsupported media type/i.test(text)) {
    return 'Request body must be JSON (Content-Type: application/json)';
  }

  const match = text.match(/^request\/(body|query|params|headers)(\S*) (.*)$/s);
  if (!match) return 'Invalid request';
  const [, location, rawPath, message] = match;
  const segments = rawPath.split('/').filter(Boolean);
  const field = fieldOf(segments);
  const at = (what: string) => {
    if (field) return `${field}: ${what}`;
    return location === 'body' ? `Request body: ${what}` : what;
  };

  const required = message.match(/^must have required property '(.+)'$/);
  if (required) return `${fieldOf([...segments, required[1]])}: is required`;
  if (message === 'must NOT have additional properties') {
    const allowed = Object.keys(bodySchemaAt(req, segments)?.properties ?? {});
    const value = valueAt(req.body, segments);
    const unknown = Object.keys(value ?? {})
      .filter(k => !allowed.includes(k))
      .map(printable)
      .filter(Boolean);
    const names = unknown.length
      ? `unknown field(s) ${unknown.join(', ')}`
      : 'unknown field(s)';
    return field ? `${field}: ${names}` : names;
  }

  const type = message.match(/^must be (\w+(?:,null)?)$/);
  if (type && EXPECTED[type[1]]) {
    const raw = (req.query as Record<string, unknown>)[segments[0]];
    if (location === 'query' && Array.isArray(raw) && type[1] !== 'array') {
      return at('must be given once');
    }
    return at(`expected ${EXPECTED[type[1]]}`);
  }
  const pattern = message.match(/^must match pattern "(.*)"$/s);
  if (pattern) {
    return at(PATTERN_MESSAGES.get(pattern[1]) ?? 'has an invalid format');
  }
  const format = message.match(/^must match format "(.*)"$/);
  if (format) {
    return at(
      format[1] === 'date-time'
        ? 'must be an ISO 8601 date-time like 2027-01-31T00:00:00Z'
        : `must be a ${format[1]}`,
    );
  }
  const bound = message.match(/^must be ([<>]=?) (-?[\d.e+]+)$/);
  if (bound) {
    return at(
      `must be ${bound[1].startsWith('<') ? 'at most' : 'at least'} ${
        bound[2]
      }`,
    );
  }
  const length = message.match(
    /^must NOT have (more|fewer) than (\d+) (characters|items)$/,
  );
  if (length) {
    const [, dir, n, unit] = length;
    if (dir === 'fewer' && n === '1') return at('must not be empty');
    return at(`must have at ${dir === 'more' ? 'most' : 'least'} ${n} ${unit}`);
  }
  const tag = message.match(/^value of tag "(\w+)" must be in oneOf$/);
  if (tag)
    return `${fieldOf([
      ...segments,
      tag[1],
    ])}: must be one of the allowed values`;
  if (message === 'must be equal to one of the allowed values') {
    return at('must be one of the allowed values');
  }
  return at('is invalid');
}

/**
 * The spec validator reports like `request/body/name must be string`; this says
 * `name: expected a string`, one clause per problem, naming fields and never values.
 */
export function describeValidatorError(req: Request, message: string): string {
  const parts = message.split(/, (?=request\/)/);
  return [...new Set(parts.map(p => describeOne(req, p)))].join('; ');
}

/** The validator's errors arrive as InputError with its text; nothing else looks like this. */
function isValidatorMessage(message: string) {
  return /^(request\/|Unknown query parameter|Empty value found|Parameter '|unsupported media type)/.test(
    message,
  );
}

/**
 * Answers every error of this plugin. The body has the name, our own message
 * and the path without its query; unknown errors get a generic message and a
 * log id, so nothing the client sent (or the database said) is repeated.
 */
export function errorResponder(logger: LoggerService): ErrorRequestHandler {
  return (rawError, req, res, next) => {
    if (res.headersSent) {
      next(rawError);
      return;
    }
    let error = isError(rawError) ? rawError : new Error('Unknown error');
    if (error.name === 'InputError' && isValidatorMessage(error.message)) {
      error = new InputError(describeValidatorError(req, error.message));
    }
    const down = STATUS_BY_NAME[error.name]
      ? undefined
      : unavailableDependency(error);
    if (down) {
      // Logged without the driver's text: it can carry a connection string.
      logger.warn(`Request failed: the ${down} is unavailable`, {
        name: error.name,
      });
      error = new ServiceUnavailableError(
        down === 'database'
          ? 'The integrations database is unavailable; retry in a few seconds'
          : 'A Backstage service this request needs is unavailable; retry in a few seconds',
      );
    }
    let statusCode = STATUS_BY_NAME[error.name];
    let message = error.message;
    if (statusCode === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    if (!statusCode) {
      statusCode = 500;
      const logId = randomBytes(10).toString('hex');
      logger.error(`Request failed with an internal error logId=${logId}`, {
        name: error.name,
        message: error.message,
      });
      message = `An internal error occurred logId=${logId}`;
    } else if (statusCode >= 500 && !down) {
      logger.error(`Request failed with status ${statusCode}: ${message}`);
    }
    res.status(statusCode).json({
      error: {
        name: STATUS_BY_NAME[error.name] ? error.name : 'Error',
        message,
        // An import's bad rows, one entry per problem (fields and messages, never values).
        ...(error instanceof ImportRowsError ? { details: error.details } : {}),
      },
      request: { method: req.method, url: `${req.baseUrl}${req.path}` },
      response: { statusCode },
    });
  };
}
