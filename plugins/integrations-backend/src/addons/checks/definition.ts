import { z } from 'zod';
import { safeString } from '@integrations-hub/backstage-plugin-integrations-common';
// Typed once, from the spec (components.schemas.CheckAuth).
import type { CheckAuth } from '@integrations-hub/backstage-plugin-integrations-common';
import { authTemplateSchema, templateKeys } from '../../core/net/authTemplate';

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

const PATH = /^\/[^\s#]*$/;

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
    auth: authTemplateSchema.optional(),
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
  return templateKeys(definition.auth);
}

/** Whether a status code matches `200`-style or `2xx`-style patterns. */
export function statusMatches(status: number, patterns: string[]): boolean {
  return patterns.some(pattern =>
    pattern.endsWith('xx')
      ? Math.floor(status / 100) === Number(pattern[0])
      : status === Number(pattern),
  );
}
