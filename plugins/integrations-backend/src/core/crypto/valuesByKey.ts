/**
 * Values by credential key, in an object without a prototype: a key such as
 * `__proto__`, `constructor` or `toString` is an own key like any other (set,
 * read and serialised), never something inherited or a prototype change.
 * Every map keyed by credential key is built here.
 */
export function valuesByKey<T>(
  entries: Iterable<readonly [string, T]> = [],
): Record<string, T> {
  const values = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) {
    Object.defineProperty(values, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return values;
}

/** Whether `values` has its own `key` (never an inherited one). */
export function hasKey(values: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, key);
}
