// A real build into an output folder on a disk that fills up: the build fails naming the file and
// ENOSPC, and the previous editions and report stay exactly as they were (test/write/commit.test.ts
// does the same for commitFiles alone).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build, REPORT_NAME } from "../../src/build.js";

const ENV = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
const PAGE = 4096;
const pages = (bytes: number) => Math.ceil(bytes / PAGE);
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const hashes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, sha(join(dir, n))]));

// A 16 MiB tmpfs, mounted while the file is collected so the test can be marked skipped (not
// passed) without root or mount rights. A filler file then leaves exactly the room wanted.
function mountTmpfs(): string | undefined {
  const d = mkdtempSync(join(tmpdir(), "imprint-full-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16384k", "tmpfs", d], { stdio: "ignore" });
    return d;
  } catch {
    rmSync(d, { recursive: true, force: true });
    console.warn("full-disk.test: cannot mount a tmpfs here (not root?), so the full-disk build test is skipped");
    return undefined;
  }
}
const disk = mountTmpfs();
const work = mkdtempSync(join(tmpdir(), "imprint-full-disk-work-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (!disk) return;
  execFileSync("umount", [disk]);
  rmSync(disk, { recursive: true, force: true });
});

describe.skipIf(!disk)("build on a full disk", () => {
  it("fails with write/failed naming the file and ENOSPC, and leaves the previous editions and report as they were", async () => {
    const book = join(work, "book");
    cpSync(resolve("manuscript"), book, { recursive: true });
    const out = join(disk!, "dist");

    // The previous good set: every edition and its report, built into the tmpfs folder.
    const previous = await build({ dir: book, out, env: ENV });
    expect(previous.ok).toBe(true);
    const before = hashes(out);
    expect(Object.keys(before)).toEqual([...previous.editions.map((e) => e.path.split("/").at(-1)!), REPORT_NAME].sort());

    // The next build has different text, so every edition's bytes change. Built once elsewhere
    // first, to know how big the new files are.
    appendFileSync(join(book, "01-text.md"), "\n\nA paragraph the previous build did not have, in the next one.\n");
    const sizes = join(work, "sizes");
    const next = await build({ dir: book, out: sizes, env: ENV });
    expect(next.ok).toBe(true);
    // In the order they are written: the editions, then the report.
    const names = [...next.editions.map((e) => e.path.split("/").at(-1)!), REPORT_NAME];
    const newPages = names.map((n) => pages(statSync(join(sizes, n)).size));
    for (const n of names) expect(sha(join(sizes, n)), n).not.toBe(before[n]);

    // Room for the first new file and a page more, which is less than any other file needs, when
    // the first is not the largest (writing file by file, renaming each, then leaves a mixed set);
    // else room for the largest (file by file then succeeds). Either way not room for them all.
    const [first = 0, ...rest] = newPages;
    const room = first + 1 < Math.max(...rest) ? first + 1 : Math.max(first, ...rest) + 1;
    expect(room).toBeLessThan(newPages.reduce((a, b) => a + b, 0));
    const { bavail, bsize } = statfsSync(disk!);
    expect(bsize).toBe(PAGE);
    writeFileSync(join(disk!, "filler"), new Uint8Array((bavail - room) * PAGE));
    expect(statfsSync(disk!).bavail).toBe(room);

    const report = await build({ dir: book, out, env: ENV });
    expect(report.ok).toBe(false);
    expect(report.editions).toEqual([]);
    const failed = report.diagnostics.filter((d) => d.code === "write/failed");
    expect(failed).toHaveLength(1);
    // Names the file that did not fit, in the output folder, and the cause.
    const named = /could not write (\S+) \(ENOSPC\b/.exec(failed[0]!.message)?.[1];
    expect(named, failed[0]!.message).toBeDefined();
    expect(names.map((n) => join(out, n))).toContain(named);
    expect(failed[0]!.file).toBe(out);
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual(failed);

    // Every previous file exactly as it was, and nothing else (no temporary file, no lock).
    expect(hashes(out)).toEqual(before);
    // The temporaries' space was given back too.
    expect(statfsSync(disk!).bavail).toBe(room);
    rmSync(join(disk!, "filler"));
  }, 240_000);
});
