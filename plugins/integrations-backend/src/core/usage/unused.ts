import { UnusedCutoff } from '../store/unusedFilter';

export type { UnusedCutoff } from '../store/unusedFilter';

const DAY_MS = 24 * 60 * 60 * 1000;

export function unusedCutoff(now: Date, unusedAfterDays: number): UnusedCutoff {
  const createdBefore = new Date(now.getTime() - unusedAfterDays * DAY_MS);
  return { sinceDay: createdBefore.toISOString().slice(0, 10), createdBefore };
}

/** The same rule for one integration, from its last recorded use (see the store's `whereUnused`). */
export function isUnused(
  item: { createdAt: Date; lastUsedDay?: string },
  cutoff: UnusedCutoff,
): boolean {
  return (
    item.createdAt <= cutoff.createdBefore &&
    !(item.lastUsedDay && item.lastUsedDay >= cutoff.sinceDay)
  );
}
