import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z, ZodError } from 'zod';

/**
 * Limits shared by the drawer's inline checks and the backend's 400s.
 *
 * @public
 */
export const LIMITS = {
  nameLength: 200,
  descriptionLength: 2000,
  urls: 20,
  urlLength: 2048,
  credentials: 50,
  credentialKeyLength: 128,
  credentialValueLength: 16 * 1024,
  projects: 100,
  queryLength: 200,
  pageSize: 200,
  /** `expiresWithinDays` of the list and export: at most ten years. */
  expiryWindowDays: 3650,
  /** Rows of one import. */
  importRows: 1000,
  /** Integrations in one export; more matching ones are left out (and the export says so). */
  exportRows: 10_000,
  labelLength: 200,
  entityRefLength: 255,
  typeIdLength: 64,
  /** A credential's own rotation overlap window: at most a week. */
  overlapMinutes: 10_080,
  /** expiresAt must fall in these years (PostgreSQL and JavaScript dates both hold them). */
  minYear: 1900,
  maxYear: 9999,
} as const;

/**
 * Characters no single-line field may hold: C0/C1 controls (NUL included, which
 * PostgreSQL cannot store in text), bidi overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069, which make `invoice\u202Egnp.exe` display as `invoice.exe` reversed)
 * and lone surrogates (not valid Unicode). The OpenAPI document uses the same classes.
 *
 * @public
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
export const UNSAFE_LINE_CHARACTERS =
  /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;
/**
 * As above, but tab, line feed and carriage return are allowed (descriptions, values).
 *
 * @public
 */
export const UNSAFE_TEXT_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;
/* eslint-enable no-control-regex */

/** @public */
export const UNSAFE_CHARACTERS_MESSAGE =
  'must not contain control characters, bidi overrides or lone surrogates';

/**
 * Whether a string holds a character that no field accepts (see UNSAFE_LINE_CHARACTERS).
 *
 * @public
 */
export function hasUnsafeCharacters(value: string, multiline = false): boolean {
  return (multiline ? UNSAFE_TEXT_CHARACTERS : UNSAFE_LINE_CHARACTERS).test(
    value,
  );
}

/**
 * A string without unsafe characters; `multiline` allows tab and line breaks.
 *
 * @public
 */
export const safeString = (multiline = false) =>
  z
    .string()
    .refine(
      value => !hasUnsafeCharacters(value, multiline),
      UNSAFE_CHARACTERS_MESSAGE,
    );

/** @public */
export const CREDENTIAL_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** @public */
export const CREDENTIAL_KEY_MESSAGE =
  'must start with a letter or _ and use only letters, digits, _ . -';

/**
 * A credential key, wherever one is named (a credential, a check's placeholder or basic auth).
 *
 * @public
 */
export const credentialKeySchema = z
  .string()
  .min(1, 'is required')
  .max(LIMITS.credentialKeyLength)
  .regex(CREDENTIAL_KEY_PATTERN, CREDENTIAL_KEY_MESSAGE);

const normalizeEntityRef = (
  kinds: readonly string[] | undefined,
  what: string,
) =>
  safeString()
    .max(LIMITS.entityRefLength)
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value.trim());
        if (!value.includes(':')) throw new Error('kind missing');
        if (kinds && !kinds.includes(ref.kind.toLocaleLowerCase('en-US'))) {
          throw new Error(`kind must be one of ${kinds.join(', ')}`);
        }
        // Lower case, as the catalog and ownership claims compare refs.
        return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `must be ${what} entity ref like ${
            kinds ? `${kinds[0]}:default/name` : 'component:default/name'
          }`,
        });
        return z.NEVER;
      }
    });

/**
 * An entity ref in `kind:namespace/name` (or `kind:name`) form, normalized.
 *
 * @public
 */
export const entityRefSchema = normalizeEntityRef(undefined, 'an');
/** @public */
export const ownerRefSchema = normalizeEntityRef(
  ['user', 'group'],
  'a user or group',
);

/**
 * A URL as one line of text: safe characters, 1 to LIMITS.urlLength after trimming.
 *
 * @public
 */
export const urlTextSchema = safeString()
  .trim()
  .min(1, 'is required')
  .max(LIMITS.urlLength, `must be at most ${LIMITS.urlLength} characters`);

/**
 * An absolute http(s) URL: what an integration stores.
 *
 * @public
 */
export const httpUrlSchema = urlTextSchema.refine(value => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL');

const isoDate = z.string().superRefine((value, ctx) => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date' });
    return;
  }
  const year = new Date(time).getUTCFullYear();
  if (year < LIMITS.minYear || year > LIMITS.maxYear) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a date between the years ${LIMITS.minYear} and ${LIMITS.maxYear}`,
    });
  }
});

const credentialValue = safeString(true)
  .min(1, 'must not be empty')
  .max(LIMITS.credentialValueLength);

const baseIntegration = {
  name: safeString().trim().min(1, 'is required').max(LIMITS.nameLength),
  type: safeString().trim().min(1, 'is required').max(LIMITS.typeIdLength),
  description: safeString(true).max(LIMITS.descriptionLength).optional(),
  owner: ownerRefSchema.optional(),
  urls: z
    .array(
      z
        .object({
          url: httpUrlSchema,
          label: safeString().max(LIMITS.labelLength).optional(),
        })
        .strict(),
    )
    .max(LIMITS.urls),
  projects: z.array(entityRefSchema).max(LIMITS.projects),
};

const uniqueKeys = (
  credentials: Array<{ key: string }>,
  ctx: z.RefinementCtx,
) => {
  const seen = new Set<string>();
  credentials.forEach((credential, index) => {
    if (seen.has(credential.key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentials', index, 'key'],
        message: `duplicate credential key "${credential.key}"`,
      });
    }
    seen.add(credential.key);
  });
};

const uniqueProjects = (projects: string[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  projects.forEach((project, index) => {
    if (seen.has(project)) {
      ctx.addIssue({
        code: 'custom',
        path: ['projects', index],
        message: `duplicate project "${project}"`,
      });
    }
    seen.add(project);
  });
};

const credentialsOf = <V extends z.ZodType>(value: V) =>
  z
    .array(
      z
        .object({
          key: credentialKeySchema,
          value,
          expiresAt: isoDate.nullable().optional(),
          // null: the type's window applies again; left out on update: kept.
          overlapMinutes: z
            .number()
            .int()
            .min(0, 'must be 0 or more')
            .max(
              LIMITS.overlapMinutes,
              `must be at most ${LIMITS.overlapMinutes} (a week)`,
            )
            .nullable()
            .optional(),
          // One-way: the service refuses false on a write-only credential.
          writeOnly: z.boolean().optional(),
        })
        .strict(),
    )
    .max(LIMITS.credentials);

const withUniqueKeysAndProjects = (
  input: { credentials: Array<{ key: string }>; projects: string[] },
  ctx: z.RefinementCtx,
) => {
  uniqueKeys(input.credentials, ctx);
  uniqueProjects(input.projects, ctx);
};

/**
 * Body of POST /integrations: every credential needs a value.
 *
 * @public
 */
export const integrationInputSchema = z
  .object({ ...baseIntegration, credentials: credentialsOf(credentialValue) })
  .strict()
  .superRefine(withUniqueKeysAndProjects);

/**
 * Body of PUT /integrations/:id: a credential without value keeps its stored value.
 *
 * @public
 */
export const integrationUpdateSchema = z
  .object({
    ...baseIntegration,
    version: z.number().int().min(1).max(2147483647),
    credentials: credentialsOf(credentialValue.optional()),
  })
  .strict()
  .superRefine(withUniqueKeysAndProjects);

const queryString = (max: number) =>
  safeString().min(1, 'must not be empty').max(max);

const repeatable = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(queryString(LIMITS.typeIdLength)).max(50));

/** A whole number, as a number (the typed router) or a string (a raw query). */
const wholeNumber = (max: number) =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const n =
      typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a non-negative integer',
      });
      return z.NEVER;
    }
    if (n > max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${max}` });
      return z.NEVER;
    }
    return n;
  });

/** true or false, as a boolean (the typed router) or a string (a raw query). */
const booleanQuery = z
  .union([z.boolean(), z.string()])
  .transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  });

/**
 * Query of GET /integrations.
 *
 * @public
 */
export const listQuerySchema = z
  .object({
    type: repeatable.optional(),
    q: safeString().max(LIMITS.queryLength).optional(),
    project: entityRefSchema.optional(),
    /** nextCursor of the previous page. */
    cursor: z
      .string()
      .min(1)
      .max(400)
      .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor returned by this list')
      .optional(),
    /** Only integrations whose last connection check failed. */
    health: z.literal('unhealthy').optional(),
    /** Only integrations nobody resolved for `integrationsHub.usage.unusedAfterDays`. */
    unused: booleanQuery.optional(),
    /** Only integrations with a credential expiring within this many days (not yet expired). */
    expiresWithinDays: wholeNumber(LIMITS.expiryWindowDays)
      .pipe(z.number().min(1, 'must be at least 1'))
      .optional(),
    /** Only integrations with a credential whose expiresAt has passed. */
    expired: booleanQuery.optional(),
    limit: wholeNumber(LIMITS.pageSize)
      .pipe(z.number().min(1, 'must be at least 1'))
      .optional(),
  })
  .strict();

/**
 * Query of GET /integrations/export: the list's filters, no paging, and the format.
 *
 * @public
 */
export const exportQuerySchema = listQuerySchema
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(['json', 'csv']).optional() })
  .strict();

/**
 * Query of GET /resolve.
 *
 * @public
 */
export const resolveQuerySchema = z
  .object({
    project: entityRefSchema,
    type: queryString(LIMITS.typeIdLength).optional(),
    name: queryString(LIMITS.nameLength).optional(),
  })
  .strict();

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
};

function messageOf(issue: ZodError['issues'][number]): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') {
    // zod leaves `input` out of issues unless asked; its message says what it received.
    if (/received undefined$/.test(issue.message)) return 'is required';
    return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'invalid_union') return 'has the wrong type';
  return issue.message;
}

/**
 * One problem per issue: the field as `urls[1].url` (empty for the whole input) and what is wrong.
 *
 * @public
 */
export function validationIssues(
  error: ZodError,
): Array<{ field: string; message: string }> {
  return error.issues.map(issue => ({
    field: issue.path.reduce<string>((acc, part) => {
      if (typeof part === 'number') return `${acc}[${part}]`;
      return acc ? `${acc}.${String(part)}` : String(part);
    }, ''),
    message: messageOf(issue),
  }));
}

/**
 * `urls[1].url: must be an absolute http(s) URL; name: is required`
 *
 * @public
 */
export function describeValidationError(error: ZodError): string {
  return validationIssues(error)
    .map(({ field, message }) => (field ? `${field}: ${message}` : message))
    .join('; ');
}

/**
 * The input as `schema` parses it, or a 400 (InputError) naming each field
 * and what is wrong, never the value: the product rules the OpenAPI document
 * cannot express (entity refs, unique keys, URLs), checked in one way.
 *
 * @public
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InputError(describeValidationError(result.error));
  return result.data;
}

/** @public */
export type ValidatedIntegrationInput = z.infer<typeof integrationInputSchema>;
/** @public */
export type ValidatedIntegrationUpdate = z.infer<
  typeof integrationUpdateSchema
>;
/** @public */
export type ValidatedListQuery = z.infer<typeof listQuerySchema>;
/** @public */
export type ValidatedExportQuery = z.infer<typeof exportQuerySchema>;
