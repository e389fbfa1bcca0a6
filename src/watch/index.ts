/**
 * `imprint build --watch`: the same warm rebuild loop as preview, without a server. Builds once,
 * then on every save; reports each build through `onRebuild`. `close()` stops watching and ends
 * pandoc and the browser (the CLI calls it on Ctrl-C).
 */
import { resolve } from "node:path";
import { createWatchSession, type Rebuild, type SessionBuildOptions } from "./session.js";
import { watchManuscript } from "./watcher.js";

export { createWatchSession, type EarlyEdition, type Rebuild, type SessionBuildOptions, type WatchSession } from "./session.js";
export { chunkedPandoc, type ChunkedPandoc } from "./chunked-pandoc.js";
export { watchManuscript, type ManuscriptWatcher } from "./watcher.js";
export { memoryRenderCache } from "./render-cache.js";

export interface WatchHandle {
  /** The first build's results. */
  first: Rebuild[];
  close(): Promise<void>;
}

export async function watchBuild({ build, onRebuild, onChange, onError, quickFirst = false }: { build: SessionBuildOptions; onRebuild?: (r: Rebuild) => void; onChange?: (paths: string[]) => void; onError?: (error: unknown) => void; quickFirst?: boolean }): Promise<WatchHandle> {
  const session = createWatchSession({ build, ...(onRebuild ? { onRebuild } : {}) });
  const cwd = build.cwd ?? process.cwd();
  const first = await session.rebuild();
  const watcher = await watchManuscript({
    dir: resolve(cwd, build.dir ?? "manuscript"),
    outDirs: [resolve(cwd, build.out ?? "dist")],
    onChange: (paths) => {
      onChange?.(paths);
      // A build that throws (a bug) is told like a failed one; the session goes on watching.
      session.rebuild({ quickFirst }).catch((error: unknown) => onError?.(error));
    },
  });
  await watcher.ready;
  return {
    first,
    async close() {
      await watcher.close();
      await session.close();
    },
  };
}
