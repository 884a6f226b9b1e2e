import {
  credentialKeySchema,
  LIMITS,
  parseInput,
  safeString,
  urlTextSchema,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { z } from 'zod';
import { checkDefinitionInputSchema } from './definition';

/** Values being edited in the drawer, tested once and never stored. */
const draftSchema = z
  .object({
    /** Set when editing a saved integration: credentials sent without a value use the stored one. */
    integrationId: z.string().uuid('must be an integration id').optional(),
    type: safeString().min(1, 'is required').max(LIMITS.typeIdLength),
    urls: z
      .array(
        z.object({
          // Any scheme: the check itself answers that only http(s) is checked.
          url: urlTextSchema,
          label: safeString().max(LIMITS.labelLength).optional(),
        }),
      )
      .min(1, 'needs at least one URL')
      .max(LIMITS.urls),
    credentials: z
      .array(
        z.object({
          key: credentialKeySchema,
          value: safeString(true).max(LIMITS.credentialValueLength).optional(),
        }),
      )
      .max(LIMITS.credentials)
      .default([]),
    definition: checkDefinitionInputSchema.optional(),
  })
  .strip();

const definitionUpdateSchema = z
  .object({ definition: checkDefinitionInputSchema })
  .strict();

export const parseDraft = (input: unknown) => parseInput(draftSchema, input);
export const parseDefinitionUpdate = (input: unknown) =>
  parseInput(definitionUpdateSchema, input);
