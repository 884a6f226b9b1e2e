import { InputError } from '@backstage/errors';

/** Where a page ends in the list's order: (sort_name, id) of its last row. */
interface ListPosition {
  sortName: string;
  id: string;
}

/** An opaque string for clients; base64url of the position. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(
    JSON.stringify([position.sortName, position.id]),
    'utf8',
  ).toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    parsed[0].length > 200 ||
    parsed[1].length > 36
  ) {
    throw new InputError(
      'cursor: is not a cursor returned by this list (use nextCursor as given)',
    );
  }
  return { sortName: parsed[0], id: parsed[1] };
}
