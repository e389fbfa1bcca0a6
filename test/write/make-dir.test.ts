import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { makeDir } from "../../src/write/make-dir.js";

it("makes the missing folders, leaves an existing one, and fails on a file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "imprint-make-dir-"));
  await makeDir(join(dir, "a", "b", "c"));
  expect((await stat(join(dir, "a", "b", "c"))).isDirectory()).toBe(true);
  await makeDir(join(dir, "a", "b"));
  await writeFile(join(dir, "file"), "x");
  await expect(makeDir(join(dir, "file"))).rejects.toMatchObject({ code: "ENOTDIR" });
  await expect(makeDir(join(dir, "file", "sub"))).rejects.toMatchObject({ code: "ENOTDIR" });
});

// Node 20's recursive mkdir never returns there (ENOENT although /proc exists): the test's time limit would stop it.
it.skipIf(process.platform !== "linux")("fails for a folder the kernel will not make although its parent exists (/proc/…)", async () => {
  await expect(makeDir("/proc/imprint-make-dir-test/sub")).rejects.toMatchObject({ code: "ENOENT" });
}, 10_000);
