/**
 * An output folder that cannot be made (OUT is a file): the packet build fails with write/failed
 * naming it, before converting anything, with or without the cache (it had crashed with an
 * internal error, ENOTDIR, when the cache's first write hit it).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildReader, readerCopy } from "./helpers.js";

let copy: Awaited<ReturnType<typeof readerCopy>>;
beforeAll(async () => {
  copy = await readerCopy();
});
afterAll(async () => copy.cleanUp());

it.each([["with the cache", {}], ["with --no-cache", { cache: false as const }]])("fails with write/failed when --out is a file (%s), and leaves the file as it was", async (_name, options) => {
  const file = join(copy.work, "not-a-folder");
  await writeFile(file, "a file\n");
  const report = await buildReader({ packet: copy.packet, out: file, formats: ["html"], ...options });
  expect(report.ok).toBe(false);
  expect(report.diagnostics.map((d) => d.code)).toEqual(["write/failed"]);
  expect(report.diagnostics[0]?.message).toContain("not-a-folder");
  expect(await readFile(file, "utf8")).toBe("a file\n");
}, 120_000);
