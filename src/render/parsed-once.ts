/**
 * Values worked out from a text (the labels' and the design's YAML), kept per text: every renderer
 * asks for them, the text rarely changes. What is kept is frozen, since every caller shares it.
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A small cache: `make` runs once per key (the cache starts over past a handful of keys). */
export function parsedOnce<T>({ cache, key, make }: { cache: Map<string, T>; key: string; make: () => T }): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = deepFreeze(make());
  if (cache.size > 16) cache.clear();
  cache.set(key, value);
  return value;
}
