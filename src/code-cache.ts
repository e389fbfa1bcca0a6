/**
 * Training the CLI bundle's code cache (`npm run compile`, scripts/bundle.mjs): a thread whose
 * bundle file bin/code-cache.js compiled saves the cache of what it has run so far. Outside
 * training (IMPRINT_CODE_CACHE=write) there is no such hook and this does nothing.
 */
export function saveCodeCache(): void {
  (globalThis as { __imprintCodeCacheWrite?: () => void }).__imprintCodeCacheWrite?.();
}
