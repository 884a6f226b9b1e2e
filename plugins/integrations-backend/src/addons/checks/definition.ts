import { z } from 'zod';
import {
  CREDENTIAL_KEY_PATTERN,
  credentialKeySchema,
  safeString,
} from '@integrations-hub/backstage-plugin-integrations-common';
// Typed once, from the spec (components.schemas.CheckAuth).
import type { CheckAuth } from '@integrations-hub/backstage-plugin-integrations-common';
import { hasKey } from '../../core/crypto/valuesByKey';

/** What a check does, after its preset was applied. */
export interface CheckDefinition {
  /** Which of the integration's URLs to call; every URL when absent. */
  urlIndex?: number;
  /** Appended to the URL's path, e.g. `/v1/models` or `/health?deep=1`. */
  path?: string;
  method: 'GET' | 'HEAD';
  auth: CheckAuth;
  /** Status codes that count as healthy: `200`, or a class such as `2xx`. */
  healthyStatus: string[];
  /** Optional: a field of the JSON response (dot path) must equal a value. */
  jsonField?: { path: string; equals: string | number | boolean };
}

const CHECK_PRESETS = ['bearer', 'basic', 'reachability'] as const;

const PRESETS: Record<(typeof CHECK_PRESETS)[number], CheckDefinition> = {
  bearer: {
    urlIndex: 0,
    method: 'GET',
    auth: { type: 'header', name: 'Authorization', value: 'Bearer {API_KEY}' },
    healthyStatus: ['2xx'],
  },
  basic: {
    urlIndex: 0,
    method: 'GET',
    auth: { type: 'basic', usernameKey: 'USERNAME', passwordKey: 'PASSWORD' },
    healthyStatus: ['2xx'],
  },
  // The server answers at all: anything but a 5xx, on every URL, no credentials sent.
  reachability: {
    method: 'GET',
    auth: { type: 'none' },
    healthyStatus: ['2xx', '3xx', '4xx'],
  },
};

/** `{KEY}` in a header or query value: a credential key in braces. */
const PLACEHOLDER = new RegExp(
  `\\{(${CREDENTIAL_KEY_PATTERN.source.slice(1, -1)})\\}`,
  'g',
);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** Headers a check may not set: they would change where or how the request goes. */
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'expect',
]);
const PATH = /^\/[^\s#]*$/;

// Control characters, bidi overrides and lone surrogates: the same rule as every field.
const template = safeString().min(1, 'is required').max(512);
const credentialKey = credentialKeySchema;

const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('header'),
      name: z
        .string()
        .regex(HEADER_NAME, 'must be an HTTP header name')
        .refine(
          name => !RESERVED_HEADERS.has(name.toLowerCase()),
          'must not be a connection-level header (Host, Content-Length, ...)',
        ),
      value: template,
    })
    .strict(),
  z
    .object({
      type: z.literal('basic'),
      usernameKey: credentialKey,
      passwordKey: credentialKey,
    })
    .strict(),
  z
    .object({
      type: z.literal('query'),
      name: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a query parameter name'),
      value: template,
    })
    .strict(),
]);

/** A definition as written in app-config or sent by a user: a preset plus overrides. */
export const checkDefinitionInputSchema = z
  .object({
    preset: z.enum(CHECK_PRESETS).optional(),
    urlIndex: z.number().int().min(0).max(19).optional(),
    path: safeString()
      .max(512)
      .regex(PATH, 'must start with / and hold no spaces')
      .optional(),
    method: z.enum(['GET', 'HEAD']).optional(),
    auth: authSchema.optional(),
    healthyStatus: z
      .array(z.string().regex(/^[1-5](\d\d|xx)$/, 'must be like 200 or 2xx'))
      .min(1)
      .max(20)
      .optional(),
    jsonField: z
      .object({
        path: z
          .string()
          .regex(
            /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,9}$/,
            'must be a dot path like data.status',
          ),
        equals: z.union([z.string().max(256), z.number(), z.boolean()]),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CheckDefinitionInput = z.infer<typeof checkDefinitionInputSchema>;

/** Applies the preset (reachability when none is named) under the explicit fields. */
export function expandDefinition(input: CheckDefinitionInput): CheckDefinition {
  const { preset = 'reachability', ...fields } = input;
  const base = PRESETS[preset];
  const merged: CheckDefinition = { ...base };
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) (merged as any)[field] = value;
  }
  return merged;
}

/** Credential keys a definition reads, in order of first use. */
export function credentialKeysOf(definition: CheckDefinition): string[] {
  const { auth } = definition;
  if (auth.type === 'none') return [];
  if (auth.type === 'basic') return [auth.usernameKey, auth.passwordKey];
  return [...auth.value.matchAll(PLACEHOLDER)].map(m => m[1]);
}

export class MissingCredentialError extends Error {
  constructor(readonly key: string) {
    super(`the check needs credential ${key}, which is not set`);
    this.name = 'MissingCredentialError';
  }
}

/** Replaces `{KEY}` with credential values; throws naming a missing key, never a value. */
export function fillTemplate(
  value: string,
  credentials: Record<string, string>,
): string {
  return value.replace(PLACEHOLDER, (_, key: string) => {
    if (!hasKey(credentials, key)) throw new MissingCredentialError(key);
    return credentials[key];
  });
}

/** Whether a status code matches `200`-style or `2xx`-style patterns. */
export function statusMatches(status: number, patterns: string[]): boolean {
  return patterns.some(pattern =>
    pattern.endsWith('xx')
      ? Math.floor(status / 100) === Number(pattern[0])
      : status === Number(pattern),
  );
}
