/**
 * Test-only preload (`node --import ./test/support/die-mid-write.mjs bin/imprint.js …`) that
 * freezes a build in the middle of writing its output, so test/e2e/killed.test.ts can SIGKILL it
 * at exactly that moment instead of guessing with timers. Nothing in src/ knows about it.
 *
 * IMPRINT_TEST_DIE_IN=<absolute folder>: the first file written into that folder (through
 * fs/promises `open(…).writeFile` or `writeFile`, whichever the writer uses) gets the first half
 * of its bytes, then the process prints `imprint-test: mid-write <name>` on stderr and waits
 * forever, holding the file open. Files elsewhere (temp files, the browser profile) are untouched.
 */
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { basename, dirname, resolve } from "node:path";

const folder = process.env.IMPRINT_TEST_DIE_IN ? resolve(process.env.IMPRINT_TEST_DIE_IN) : undefined;
let fired = false;

function inFolder(path) {
  return folder !== undefined && !fired && typeof path === "string" && dirname(resolve(path)) === folder;
}

/** Writes half of `data` through `handle`, announces it, never returns. */
async function halfThenFreeze(handle, name, data) {
  fired = true;
  const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await handle.write(bytes, 0, Math.floor(bytes.length / 2), 0);
  process.stderr.write(`imprint-test: mid-write ${name}\n`);
  return new Promise(() => setInterval(() => undefined, 60_000));
}

if (folder) {
  const { open, writeFile } = fs;
  fs.open = async (path, ...rest) => {
    const handle = await open(path, ...rest);
    if (inFolder(path)) handle.writeFile = (data) => halfThenFreeze(handle, basename(path), data);
    return handle;
  };
  fs.writeFile = async (path, data, ...rest) => {
    if (!inFolder(path)) return writeFile(path, data, ...rest);
    return halfThenFreeze(await open(path, "w"), basename(path), data);
  };
  // Modules that `import { open } from "node:fs/promises"` see the patched functions too.
  syncBuiltinESMExports();
}
