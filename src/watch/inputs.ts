/**
 * A fingerprint of a manuscript folder's files (path, size, mtime, inode), taken before and after
 * each rebuild. File-watching events are not a reliable record of saves: chokidar passes on one
 * change of a file per 50 ms and drops the rest (a leading-edge throttle), so an editor's save
 * seen in two steps (truncated, then written) can show only the first, and a build that read the
 * file in between would be the last one. When the fingerprint after a build differs from the one
 * before, the session builds again, whatever the watcher said.
 */
import { lstat, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isIgnored } from "./watcher.js";

export async function fingerprintInputs({ dir, outDirs }: { dir: string; outDirs: readonly string[] }): Promise<string> {
  const root = resolve(dir);
  const outs = outDirs.map((o) => resolve(o));
  const lines: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    // A manuscript is shallow (text files, templates/, images/); the bound keeps a loop of links harmless.
    if (depth > 8) return;
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      lines.push(`${folder}\0unreadable`);
      return;
    }
    names.sort();
    await Promise.all(
      names.map(async (name) => {
        const path = join(folder, name);
        if (isIgnored({ path, root, outDirs: outs })) return;
        try {
          const link = await lstat(path);
          // A link is followed for its target's times, as the build reads through it.
          const info = link.isSymbolicLink() ? await stat(path) : link;
          if (info.isDirectory()) return walk(path, depth + 1);
          lines.push(`${path}\0${info.size}\0${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}`);
        } catch {
          lines.push(`${path}\0gone`);
        }
      }),
    );
  };
  await walk(root, 0);
  return lines.sort().join("\n");
}
