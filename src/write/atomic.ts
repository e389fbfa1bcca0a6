/**
 * Atomic output: each file is written to a temporary name in the same folder, flushed, then renamed
 * over the old one. A failed or killed build leaves the last good edition as it was; leftovers of a
 * killed build (dot-named `.tmp` files) are swept by the next one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";

const TEMP_PREFIX = ".imprint-";
const TEMP_SUFFIX = ".tmp";

export async function writeFileAtomic({ dir, name, bytes }: { dir: string; name: string; bytes: Uint8Array }): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, name);
  const temp = join(dir, `${TEMP_PREFIX}${name}.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
  const handle = await open(temp, "wx", 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return target;
}

/** Removes temporary files a killed build left behind (only ours: dot-named, .tmp). */
export async function sweepTempFiles({ dir }: { dir: string }): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => n.startsWith(TEMP_PREFIX) && n.endsWith(TEMP_SUFFIX)).map((n) => rm(join(dir, n), { force: true })));
}
