import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/write/atomic.js";
import { commitFiles } from "../../src/write/commit.js";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const hashes = (d: string, names: string[]) => Object.fromEntries(names.map((n) => [n, sha(join(d, n))]));
const NAMES = ["book.html", "book.pdf", "book.epub"];
const bytes = (n: number) => new Uint8Array(randomBytes(n));

// A real full disk: a 256 KiB tmpfs (needs root and mount rights; skipped, saying so, without them).
// Mounted while the file is collected, so the tests can be marked skipped (not passed) without it.
function mountSmall(): string | undefined {
  const d = mkdtempSync(join(tmpdir(), "imprint-commit-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", d], { stdio: "ignore" });
    return d;
  } catch {
    rmSync(d, { recursive: true, force: true });
    console.warn("commit.test: cannot mount a tmpfs here (not root?), so the full-disk tests are skipped");
    return undefined;
  }
}
const small = mountSmall();
afterAll(() => {
  if (!small) return;
  execFileSync("umount", [small]);
  rmSync(small, { recursive: true, force: true });
});

/** A fresh folder on the tiny tmpfs holding a previous good build of three small files. */
async function previousBuild(): Promise<string> {
  const d = join(small!, `out-${randomBytes(3).toString("hex")}`);
  await commitFiles({ dir: d, files: NAMES.map((name) => ({ name, bytes: bytes(8 * 1024) })) });
  return d;
}
// 60 + 60 + 200 KiB of new editions do not fit in what is left of 256 KiB: the EPUB fails.
const bigBuild = () => [
  { name: "book.html", bytes: bytes(60 * 1024) },
  { name: "book.pdf", bytes: bytes(60 * 1024) },
  { name: "book.epub", bytes: bytes(200 * 1024) },
];

describe.skipIf(!small)("commitFiles on a full disk", () => {
  it("leaves every previous file unchanged and no temporary file", async () => {
    const d = await previousBuild();
    const before = hashes(d, NAMES);
    const error = await commitFiles({ dir: d, files: bigBuild() }).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/ENOSPC/);
    expect(error!.message).toContain(join(d, "book.epub"));
    expect(hashes(d, NAMES)).toEqual(before);
    expect(readdirSync(d).sort()).toEqual([...NAMES].sort());
    // The temporaries' space is given back: a small build fits again.
    await commitFiles({ dir: d, files: NAMES.map((name) => ({ name, bytes: bytes(30 * 1024) })) });
    rmSync(d, { recursive: true });
  });

  it("is what file-by-file atomic writes cannot do (they leave a mixed set)", async () => {
    const d = await previousBuild();
    const before = hashes(d, NAMES);
    await expect((async () => {
      for (const f of bigBuild()) await writeFileAtomic({ dir: d, name: f.name, bytes: f.bytes });
    })()).rejects.toThrow(/ENOSPC/);
    const after = hashes(d, NAMES);
    expect(after["book.html"]).not.toBe(before["book.html"]);
    expect(after["book.epub"]).toBe(before["book.epub"]);
    rmSync(d, { recursive: true });
  });
});

describe("commitFiles", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "imprint-commit-"));

  it("writes every file, with exactly its bytes, and leaves no temporary file", async () => {
    const d = join(dir(), "dist");
    const files = NAMES.map((name) => ({ name, bytes: bytes(1000) }));
    await commitFiles({ dir: d, files });
    for (const f of files) expect(new Uint8Array(readFileSync(join(d, f.name)))).toEqual(f.bytes);
    expect(readdirSync(d).sort()).toEqual([...NAMES].sort());
  });

  it("puts the previous files back when a rename fails half-way", async () => {
    const d = dir();
    writeFileSync(join(d, "book.html"), "old html");
    writeFileSync(join(d, "book.pdf"), "old pdf");
    // A non-empty folder where the EPUB should go: writing the temporary works, the rename cannot.
    mkdirSync(join(d, "book.epub"));
    writeFileSync(join(d, "book.epub", "keep"), "x");
    const before = hashes(d, ["book.html", "book.pdf"]);
    const error = await commitFiles({ dir: d, files: NAMES.map((name) => ({ name, bytes: bytes(100) })) }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toContain(join(d, "book.epub"));
    expect(error?.message).toMatch(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(hashes(d, ["book.html", "book.pdf"])).toEqual(before);
    expect(readdirSync(d).sort()).toEqual([...NAMES].sort());
  });

  it("removes a file it had added when the commit is rolled back", async () => {
    const d = dir();
    mkdirSync(join(d, "book.epub"));
    writeFileSync(join(d, "book.epub", "keep"), "x");
    await expect(commitFiles({ dir: d, files: NAMES.map((name) => ({ name, bytes: bytes(10) })) })).rejects.toThrow(/book\.epub/);
    expect(readdirSync(d)).toEqual(["book.epub"]);
  });

  it("refuses a name with a folder in it (an internal bug, so it throws)", async () => {
    await expect(commitFiles({ dir: dir(), files: [{ name: "../x", bytes: bytes(1) }] })).rejects.toThrow(/plain file name/);
  });
});
