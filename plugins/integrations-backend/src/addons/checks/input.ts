import { InputError } from '@backstage/errors';
import {
  CREDENTIAL_KEY_PATTERN,
  describeValidationError,
  LIMITS,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { z } from 'zod';
import { checkDefinitionInputSchema } from './definition';

// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u001f\u007f]*$/;

/** Values being edited in the drawer, tested once and never stored. */
const draftSchema = z
  .object({
    /** Set when editing a saved integration: credentials sent without a value use the stored one. */
    integrationId: z.string().uuid('must be an integration id').optional(),
    type: z.string().min(1, 'is required').max(64),
    urls: z
      .array(
        z.object({
          url: z
            .string()
            .min(1, 'is required')
            .max(LIMITS.urlLength)
            .regex(noControl, 'must not contain control characters'),
          label: z.string().max(200).optional(),
        }),
      )
      .min(1, 'needs at least one URL')
      .max(LIMITS.urls),
    credentials: z
      .array(
        z.object({
          key: z
            .string()
            .max(LIMITS.credentialKeyLength)
            .regex(CREDENTIAL_KEY_PATTERN, 'must be a credential key'),
          value: z.string().max(LIMITS.credentialValueLength).optional(),
        }),
      )
      .max(LIMITS.credentials)
      .default([]),
    definition: checkDefinitionInputSchema.optional(),
  })
  .strip();

export type CheckDraft = z.infer<typeof draftSchema>;

const definitionUpdateSchema = z
  .object({ definition: checkDefinitionInputSchema })
  .strict();

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InputError(describeValidationError(result.error));
  return result.data;
}

export const parseDraft = (input: unknown) => parse(draftSchema, input);
export const parseDefinitionUpdate = (input: unknown) =>
  parse(definitionUpdateSchema, input);
