import {
  hasUnsafeCharacters,
  ImportRowError,
  integrationInputSchema,
  IntegrationType,
  LIMITS,
  ValidatedIntegrationInput,
  validationIssues,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { unknownTypeMessage } from './createSteps';

/** One row of an import after its checks: the parsed input, or what is wrong with it. */
export interface CheckedRow {
  index: number;
  /** The row's name when it is one that may be shown back. */
  name?: string;
  input?: ValidatedIntegrationInput;
  errors: ImportRowError[];
}

/** The spec's `format: date-time` (RFC 3339 with a zone), which create gets from the request validator. */
const DATE_TIME =
  /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d(?::?\d\d)?)$/;

/** What the request validator checks on a create body and zod does not: the date-time format. */
function formatErrors(row: Record<string, unknown>): ImportRowError[] {
  const credentials = Array.isArray(row.credentials) ? row.credentials : [];
  return credentials.flatMap((credential, index) => {
    const expiresAt = (credential as { expiresAt?: unknown })?.expiresAt;
    if (typeof expiresAt !== 'string' || DATE_TIME.test(expiresAt)) return [];
    return [
      {
        field: `credentials[${index}].expiresAt`,
        message: 'must be an ISO 8601 date-time like 2027-01-31T00:00:00Z',
      },
    ];
  });
}

function shownName(row: Record<string, unknown>): string | undefined {
  const name = row.name;
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > LIMITS.nameLength) return undefined;
  return hasUnsafeCharacters(trimmed) ? undefined : trimmed;
}

/**
 * Checks one import row by the rules of create (the request schema's format,
 * the zod schema, a configured type), collecting every problem instead of
 * stopping at the first. Messages name fields, never values.
 */
export function checkRow(
  index: number,
  row: unknown,
  types: Map<string, IntegrationType>,
): CheckedRow {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { index, errors: [{ field: '', message: 'expected an object' }] };
  }
  const record = row as Record<string, unknown>;
  const errors = formatErrors(record);
  const parsed = integrationInputSchema.safeParse(row);
  if (!parsed.success) errors.push(...validationIssues(parsed.error));
  else if (!types.has(parsed.data.type))
    errors.push({ field: 'type', message: unknownTypeMessage(types) });
  return {
    index,
    name: shownName(record),
    input: parsed.success && errors.length === 0 ? parsed.data : undefined,
    errors,
  };
}

/** `rows[3].urls[0].url: ...`, every problem of every bad row, as the 400 says it. */
export function describeRowErrors(rows: CheckedRow[]): string {
  return rows
    .flatMap(row =>
      row.errors.map(
        e => `rows[${row.index}]${e.field ? `.${e.field}` : ''}: ${e.message}`,
      ),
    )
    .join('; ');
}
