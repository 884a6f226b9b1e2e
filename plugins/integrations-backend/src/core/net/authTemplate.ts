import { z } from 'zod';
import {
  CREDENTIAL_KEY_PATTERN,
  credentialKeySchema,
  safeString,
} from '@integrations-hub/backstage-plugin-integrations-common';
// Typed once, from the spec (components.schemas.CheckAuth).
import type { CheckAuth } from '@integrations-hub/backstage-plugin-integrations-common';
import { hasKey } from '../crypto/valuesByKey';

/**
 * How credentials are placed into an outgoing request (a connection check, a
 * proxied call): none, a header template, basic auth from two keys, or a
 * query parameter template. `{KEY}` in a template is the value of KEY.
 */

/** `{KEY}` in a header or query value: a credential key in braces. */
const PLACEHOLDER = new RegExp(
  `\\{(${CREDENTIAL_KEY_PATTERN.source.slice(1, -1)})\\}`,
  'g',
);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** Headers a template may not set: they would change where or how the request goes. */
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'expect',
]);

// Control characters, bidi overrides and lone surrogates: the same rule as every field.
const template = safeString().min(1, 'is required').max(512);

export const authTemplateSchema = z.discriminatedUnion('type', [
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
      usernameKey: credentialKeySchema,
      passwordKey: credentialKeySchema,
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

/** Credential keys a template reads, in order of first use. */
export function templateKeys(auth: CheckAuth): string[] {
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
