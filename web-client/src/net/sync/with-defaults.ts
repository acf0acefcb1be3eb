/**
 * Options merged over their defaults, where an option given as `undefined` keeps its default
 * (a plain spread would let `{ capacity: undefined }` erase it).
 * @example
 * withDefaults({ capacity: 32, maxExtrapolationMs: 250 }, { capacity: undefined }); // { capacity: 32, ... }
 */
export function withDefaults<T extends object>(defaults: T, options: Partial<T>): T {
  const merged = { ...defaults };
  for (const key of Object.keys(options) as (keyof T)[]) {
    const value = options[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
