/**
 * Watching a manuscript folder (chokidar): any saved, added or removed file of the manuscript or
 * its templates/ triggers one rebuild; a burst of events (an editor writing a temp file and
 * renaming it, a `git checkout`) is one rebuild. The output folder, hidden files and editors'
 * scratch files are ignored, so a build never triggers itself.
 */
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

export async function watchManuscript({ dir, outDirs, onChange, debounceMs = 10 }: { dir: string; outDirs: readonly string[]; onChange: (paths: string[]) => void; debounceMs?: number }): Promise<ManuscriptWatcher> {
  const { watch } = await import("chokidar");
  const root = resolve(dir);
  const outs = outDirs.map((o) => resolve(o));
  const watcher = watch(root, { ignoreInitial: true, ignored: (path: string) => path !== root && isIgnored({ path, root, outDirs: outs }), followSymlinks: false });
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    const paths = pending;
    pending = [];
    onChange(paths);
  };
  watcher.on("all", (_event: string, path: string) => {
    pending.push(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  });
  const ready = new Promise<void>((res) => watcher.once("ready", () => res()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
