/**
 * One build at a time per output folder (proper-lockfile: a lock directory with a heartbeat, stale
 * after a crash). A second build waits for the first, then writes; if it waits too long it fails
 * naming the lock.
 */
import { join } from "node:path";
import { makeDir } from "./make-dir.js";

// proper-lockfile (with graceful-fs and signal-exit) took ~20 ms to load, before pandoc could
// start; it loads on first use instead, or ahead of it (preloadLock) while pandoc converts.
let loading: Promise<typeof import("proper-lockfile")> | undefined;
const lockfileModule = () => (loading ??= import("proper-lockfile").then((m) => m.default ?? m));

/** Loads the lock's module ahead of its use (a failure shows where the lock is taken). */
export function preloadLock(): void {
  lockfileModule().catch(() => undefined);
}

export const LOCK_NAME = ".imprint-build";

export async function lockOutput({ dir, waitMs = 300_000 }: { dir: string; waitMs?: number }): Promise<{ release: () => Promise<void>; lockPath: string }> {
  await makeDir(dir);
  const lockPath = join(dir, `${LOCK_NAME}.lock`);
  const retries = Math.max(1, Math.ceil(waitMs / 250));
  const lockfile = await lockfileModule();
  const release = await lockfile.lock(dir, {
    lockfilePath: lockPath,
    stale: 30_000,
    update: 5_000,
    retries: { retries, factor: 1, minTimeout: 250, maxTimeout: 250 },
    realpath: false,
  });
  return { release: async () => release(), lockPath };
}
