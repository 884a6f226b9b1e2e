import { InputError } from '@backstage/errors';
import { describeValidationError } from '@integrations-hub/backstage-plugin-integrations-common';
import { ZodType } from 'zod';

/** Product rules the OpenAPI document cannot express (entity refs, unique keys, URLs); 400 naming the field. */
export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InputError(describeValidationError(result.error));
  return result.data;
}
