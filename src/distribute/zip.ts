/**
 * The packet folder as one zip to hand out: every file under one top folder, entries sorted,
 * fixed dates and permissions, so the same files give the same bytes. A path that would leave
 * the folder (absolute, `..`, a backslash) or a symbolic link is refused, never followed.
 */
import { lstat, readFile, realpath } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { writeZip, type ZipWriteEntry } from "../zip-entries.js";
import type { ByteStore } from "../byte-store.js";

export interface ZipOptions {
  dir: string;
  /** Paths relative to `dir`, forward slashes. */
  files: string[];
  /** The one folder every entry sits in (the packet's slug). */
  top: string;
  /** The entries' date (default 1980-01-01, the earliest a zip can hold); written from its UTC fields. */
  date?: Date;
}

const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

function checkPath(path: string, what: string): string {
  const segments = path.split("/");
  if (!path || isAbsolute(path) || path.includes("\\") || path.includes("\0") || segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new Error(`zip: ${what} ${JSON.stringify(path)} is not a relative path inside the folder`);
  }
  return path;
}

/**
 * Files that are compressed already (an EPUB and a zip are zips, a PDF's streams and a PNG are
 * deflated, WOFF2 and JPEG are compressed): deflating them again costs seconds on a big packet and
 * saves almost nothing, so they are stored as they are.
 */
const STORED = /\.(epub|zip|pdf|png|jpe?g|gif|webp|woff2?|gz)$/i;

export interface ZipFilesOptions {
  /** Paths (forward slashes, inside the top folder) and their bytes. */
  files: Array<{ path: string; bytes: Uint8Array }>;
  top: string;
  date?: Date;
  /** Where deflated entries are kept between builds (the packet's cache). */
  kept?: ByteStore;
}

/** A zip of in-memory files inside one top folder `top/`, deterministic bytes (the same as zipFolder's for the same files). */
export async function zipFiles({ files, top, date = ZIP_EPOCH, kept }: ZipFilesOptions): Promise<Uint8Array> {
  checkPath(top, "top folder");
  if (top.includes("/")) throw new Error(`zip: top folder ${JSON.stringify(top)} must be one folder name`);
  const byName = new Map<string, Uint8Array>();
  for (const f of files) byName.set(checkPath(f.path, "file"), f.bytes);
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const folders = new Set<string>([top]);
  for (const name of names) {
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(`${top}/${parts.slice(0, i).join("/")}`);
  }
  // Folder entries first, with the same fixed date, so unzip gives every folder the same time.
  const entries: ZipWriteEntry[] = [...folders].sort().map((folder) => ({ name: `${folder}/`, mode: 0o40755 }));
  for (const name of names) entries.push({ name: `${top}/${name}`, bytes: byName.get(name) as Uint8Array, store: STORED.test(name), mode: 0o100644 });
  return writeZip({ entries, date, ...(kept ? { kept } : {}) });
}

/** A zip of `files` (paths relative to `dir`) inside one top folder `top/`, deterministic bytes. */
export async function zipFolder({ dir, files, top, date = ZIP_EPOCH }: ZipOptions): Promise<Uint8Array> {
  const names = [...new Set(files.map((f) => checkPath(f, "file")))];
  const root = await realpath(dir);
  const read: Array<{ path: string; bytes: Uint8Array }> = [];
  for (const name of names) {
    const path = join(root, ...name.split("/"));
    const info = await lstat(path);
    if (!info.isFile()) throw new Error(`zip: ${JSON.stringify(name)} is not a regular file (symbolic links and folders are not followed)`);
    // A folder on the way may itself be a link out of the packet folder.
    const rel = relative(root, await realpath(path));
    if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`zip: ${JSON.stringify(name)} leaves ${dir}`);
    read.push({ path: name, bytes: await readFile(path) });
  }
  return zipFiles({ files: read, top, date });
}
