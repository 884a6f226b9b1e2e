/** A timestamp as the drivers hand it over: a Date (pg), or an ISO string or epoch ms (SQLite, JSON). */
export const toDate = (value: unknown): Date =>
  value instanceof Date ? value : new Date(value as string | number);
