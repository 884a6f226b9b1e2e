import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z, ZodError } from 'zod';

/** Limits shared by the drawer's inline checks and the backend's 400s. */
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
} as const;

export const CREDENTIAL_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const normalizeEntityRef = (
  kinds: readonly string[] | undefined,
  what: string,
) =>
  z.string().transform((value, ctx) => {
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

/** An entity ref in `kind:namespace/name` (or `kind:name`) form, normalized. */
export const entityRefSchema = normalizeEntityRef(undefined, 'an');
export const ownerRefSchema = normalizeEntityRef(
  ['user', 'group'],
  'a user or group',
);

const httpUrl = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(LIMITS.urlLength, `must be at most ${LIMITS.urlLength} characters`)
  .refine(value => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

const isoDate = z
  .string()
  .refine(
    value => !Number.isNaN(Date.parse(value)),
    'must be an ISO 8601 date',
  );

const credentialKey = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(LIMITS.credentialKeyLength)
  .regex(
    CREDENTIAL_KEY_PATTERN,
    'must start with a letter or _ and use only letters, digits, _ . -',
  );

const credentialValue = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.credentialValueLength);

const baseIntegration = {
  name: z.string().trim().min(1, 'is required').max(LIMITS.nameLength),
  type: z.string().trim().min(1, 'is required'),
  description: z.string().max(LIMITS.descriptionLength).optional(),
  owner: ownerRefSchema.optional(),
  urls: z
    .array(
      z
        .object({ url: httpUrl, label: z.string().max(200).optional() })
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
          key: credentialKey,
          value,
          expiresAt: isoDate.nullable().optional(),
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

/** Body of POST /integrations: every credential needs a value. */
export const integrationInputSchema = z
  .object({ ...baseIntegration, credentials: credentialsOf(credentialValue) })
  .strict()
  .superRefine(withUniqueKeysAndProjects);

/** Body of PUT /integrations/:id: a credential without value keeps its stored value. */
export const integrationUpdateSchema = z
  .object({
    ...baseIntegration,
    version: z.number().int().min(1),
    credentials: credentialsOf(credentialValue.optional()),
  })
  .strict()
  .superRefine(withUniqueKeysAndProjects);

const repeatable = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().min(1, 'must not be empty')).max(50));

const pageNumber = (max?: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(max ? z.number().max(max, `must be at most ${max}`) : z.number());

/** Query of GET /integrations (strings, as Express parses them). */
export const listQuerySchema = z
  .object({
    type: repeatable.optional(),
    q: z.string().max(LIMITS.queryLength).optional(),
    project: entityRefSchema.optional(),
    offset: pageNumber().optional(),
    limit: pageNumber(LIMITS.pageSize)
      .pipe(z.number().min(1, 'must be at least 1'))
      .optional(),
  })
  .strict();

/** Query of GET /resolve. */
export const resolveQuerySchema = z
  .object({
    project: entityRefSchema,
    type: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
  })
  .strict();

function messageOf(issue: ZodError['issues'][number]): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return 'is required';
  return issue.message;
}

/** `urls[1].url: must be an absolute http(s) URL; name: is required` */
export function describeValidationError(error: ZodError): string {
  return error.issues
    .map(issue => {
      const field = issue.path.reduce<string>((acc, part) => {
        if (typeof part === 'number') return `${acc}[${part}]`;
        return acc ? `${acc}.${String(part)}` : String(part);
      }, '');
      const message = messageOf(issue);
      return field ? `${field}: ${message}` : message;
    })
    .join('; ');
}

export type ValidatedIntegrationInput = z.infer<typeof integrationInputSchema>;
export type ValidatedIntegrationUpdate = z.infer<
  typeof integrationUpdateSchema
>;
export type ValidatedListQuery = z.infer<typeof listQuerySchema>;
