/**
 * Reading inside the manuscript folder only. Manuscripts are untrusted: a path that leaves the
 * folder (`..`, an absolute path, a symlink pointing elsewhere) is refused, whatever asks for it.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";

export type SafeRead =
  | { ok: true; bytes: Buffer; realPath: string }
  | { ok: false; reason: "outside" | "missing" | "unreadable" | "not-a-file"; detail: string };

/** POSIX, no leading `./`; undefined when the path is absolute, empty, remote or escapes with `..`. */
export function normaliseRelative(path: string): string | undefined {
  if (!path || isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("\\")) return undefined;
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return undefined;
    parts.push(part);
  }
  return parts.length ? parts.join("/") : undefined;
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** Reads `relPath` under `rootReal` (the folder's realpath), refusing anything that resolves outside. */
export async function readInside({ rootReal, relPath }: { rootReal: string; relPath: string }): Promise<SafeRead> {
  const rel = normaliseRelative(relPath);
  if (rel === undefined) return { ok: false, reason: "outside", detail: `"${relPath}" is not a path inside the manuscript folder` };
  let real: string;
  try {
    real = await realpath(join(rootReal, rel));
  } catch {
    return { ok: false, reason: "missing", detail: `"${rel}" does not exist in the manuscript folder` };
  }
  if (!inside(rootReal, real)) return { ok: false, reason: "outside", detail: `"${rel}" is a link to a file outside the manuscript folder` };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, reason: "not-a-file", detail: `"${rel}" is not a file` };
    return { ok: true, bytes: await readFile(real), realPath: real };
  } catch (error) {
    return { ok: false, reason: "unreadable", detail: `"${rel}" could not be read (${(error as Error).message})` };
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8 (a BOM is dropped); undefined when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
}
