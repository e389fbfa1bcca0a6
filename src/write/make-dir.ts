/**
 * `mkdir -p` one folder at a time. Node 20's recursive mkdir never returns for a folder it cannot
 * make although its parent exists (`--out /proc/x`: the kernel answers ENOENT, and Node retries
 * for ever, a core busy and nothing printed); here that ENOENT is the error.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export async function makeDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: "ENOTDIR" });
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}
