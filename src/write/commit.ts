/**
 * All-or-nothing output for a build's editions. Renaming each file as soon as it is written (as
 * writeFileAtomic does) leaves a mixed set on a full disk: a new HTML and PDF beside an old EPUB.
 * Here every file is first written and fsynced under a temporary name in the same folder; only when
 * all of them are safely on disk are they renamed into place, one quick rename each. Space runs out
 * while writing, never while renaming, so a failure leaves every previous file exactly as it was.
 * Should a rename still fail (a file system fault), the files already renamed are put back from
 * hard-link backups of the previous editions.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { makeDir } from "./make-dir.js";

// The same prefix and suffix as writeFileAtomic, so sweepTempFiles clears a killed build's leftovers.
const TEMP_PREFIX = ".imprint-";
const TEMP_SUFFIX = ".tmp";

export interface CommitFile {
  name: string;
  bytes: Uint8Array;
}

function tempName(dir: string, name: string, kind: string): string {
  return join(dir, `${TEMP_PREFIX}${name}.${kind}.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
}

function cause(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  // Node's messages already start with the code ("EISDIR: illegal operation…"); say it once.
  return e.code && !e.message.startsWith(`${e.code}:`) ? `${e.code}: ${e.message}` : String(e?.message ?? error);
}

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "wx", 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync the folder so the renames themselves survive a power cut; not every platform allows it. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder for fsync; the renames are still done.
  }
}

/**
 * Writes `files` into `dir` all together or not at all. On failure every temporary file is removed
 * and the Error's message names the path that failed and the cause (ENOSPC, EACCES…).
 */
export async function commitFiles({ dir, files }: { dir: string; files: CommitFile[] }): Promise<void> {
  const names = new Set<string>();
  for (const f of files) {
    // A name may hold subfolders ("items/a.epub", for a packet); each part is a plain name.
    if (!f.name || f.name.includes("\\") || f.name.split("/").some((part) => part === "" || part === "." || part === "..")) throw new Error(`commitFiles: "${f.name}" is not a plain file name`);
    if (names.has(f.name)) throw new Error(`commitFiles: "${f.name}" is given twice`);
    names.add(f.name);
  }
  try {
    await makeDir(dir);
  } catch (error) {
    throw new Error(`could not create the output folder ${dir} (${cause(error)})`, { cause: error });
  }

  const temps: Array<{ temp: string; target: string }> = [];
  const cleanUp = () => Promise.all(temps.map(({ temp }) => rm(temp, { force: true }).catch(() => undefined)));
  for (const f of files) {
    // The temporary file sits in the target's own folder, so the rename stays within one folder.
    const sub = dirname(f.name);
    const folder = sub === "." ? dir : join(dir, sub);
    if (sub !== ".") await mkdir(folder, { recursive: true });
    const entry = { temp: tempName(folder, basename(f.name), "new"), target: join(dir, f.name) };
    temps.push(entry);
    try {
      await writeSynced(entry.temp, f.bytes);
    } catch (error) {
      await cleanUp();
      throw new Error(`could not write ${entry.target} (${cause(error)}); no output file was changed`, { cause: error });
    }
  }

  // Backups are hard links: no data is copied, so they cost no space worth the name.
  const backups = new Map<string, string>();
  const dropBackups = () => Promise.all([...backups.values()].map((b) => rm(b, { force: true }).catch(() => undefined)));
  for (const { target } of temps) {
    const backup = tempName(dirname(target), basename(target), "old");
    try {
      await link(target, backup);
      backups.set(target, backup);
    } catch {
      // Nothing there before (ENOENT), or a file system without hard links (FAT): go on without
      // a backup; the rename below is still the step that practically never fails.
    }
  }

  const renamed: string[] = [];
  for (const { temp, target } of temps) {
    try {
      await rename(temp, target);
      renamed.push(target);
    } catch (error) {
      // Put the previous editions back (or remove a file that did not exist before).
      for (const done of renamed) {
        const backup = backups.get(done);
        if (backup) await rename(backup, done).catch(() => undefined);
        else await rm(done, { force: true }).catch(() => undefined);
        backups.delete(done);
      }
      await Promise.all([cleanUp(), dropBackups()]);
      throw new Error(`could not move ${target} into place (${cause(error)}); the previous output files were kept`, { cause: error });
    }
  }
  await dropBackups();
  for (const folder of new Set(files.map((f) => dirname(join(dir, f.name))))) await syncDir(folder);
}
