/**
 * Watching a manuscript folder (chokidar): any saved, added or removed file of the manuscript or
 * its templates/ triggers one rebuild; a burst of events (an editor writing a temp file and
 * renaming it, a `git checkout`) is one rebuild. The output folder, hidden files and editors'
 * scratch files are ignored, so a build never triggers itself. chokidar drops a second change of
 * a file within 50 ms, so each changed file is looked at again a moment later (a trailing edge).
 */
import { stat } from "node:fs/promises";
import { resolve, sep } from "node:path";

export interface ManuscriptWatcher {
  /** Resolves once the initial scan is done (changes after it are seen). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const SCRATCH = /(^|[/\\])(\.[^/\\]*|#[^/\\]*#|[^/\\]*~|[^/\\]*\.(swp|swx|tmp|crdownload))$/;

export function isIgnored({ path, root, outDirs }: { path: string; root: string; outDirs: readonly string[] }): boolean {
  const abs = resolve(path);
  if (outDirs.some((o) => abs === o || abs.startsWith(o + sep))) return true;
  const rel = abs === root ? "" : abs.slice(root.length + 1);
  return rel.split(/[/\\]/).some((part) => part === "node_modules" || SCRATCH.test(part));
}

/** chokidar passes one change of a path per 50 ms and drops the rest; a look after this long catches them. */
export const TRAILING_LOOK_MS = 75;

const statKey = (path: string): Promise<string> =>
  stat(path).then(
    (s) => `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`,
    () => "gone",
  );

export async function watchManuscript({ dir, outDirs, onChange, debounceMs = 10 }: { dir: string; outDirs: readonly string[]; onChange: (paths: string[]) => void; debounceMs?: number }): Promise<ManuscriptWatcher> {
  const { watch } = await import("chokidar");
  const root = resolve(dir);
  const outs = outDirs.map((o) => resolve(o));
  const watcher = watch(root, { ignoreInitial: true, ignored: (path: string) => path !== root && isIgnored({ path, root, outDirs: outs }), followSymlinks: false });
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const looks = new Map<string, NodeJS.Timeout>();
  const fire = () => {
    timer = undefined;
    const paths = pending;
    pending = [];
    onChange(paths);
  };
  const changed = (path: string) => {
    pending.push(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
    // The trailing edge chokidar lacks: a save seen in two steps (truncated, then written within
    // 50 ms) gives one event; if the file is not as it was at the event a moment later, it changed again.
    void statKey(path).then((then) => {
      if (closed) return;
      clearTimeout(looks.get(path));
      looks.set(
        path,
        setTimeout(() => {
          looks.delete(path);
          void statKey(path).then((now) => {
            if (!closed && now !== then) changed(path);
          });
        }, TRAILING_LOOK_MS),
      );
    });
  };
  watcher.on("all", (_event: string, path: string) => changed(path));
  const ready = new Promise<void>((res) => watcher.once("ready", () => res()));
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const t of looks.values()) clearTimeout(t);
      looks.clear();
      await watcher.close();
    },
  };
}
