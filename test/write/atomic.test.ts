import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepTempFiles, writeFileAtomic } from "../../src/write/atomic.js";
import { lockOutput } from "../../src/write/lock.js";

const dir = () => mkdtempSync(join(tmpdir(), "imprint-write-"));

describe("writeFileAtomic", () => {
  it("replaces the file whole and leaves no temporary file", async () => {
    const d = dir();
    writeFileSync(join(d, "book.epub"), "old");
    await writeFileAtomic({ dir: d, name: "book.epub", bytes: new TextEncoder().encode("new") });
    expect(readFileSync(join(d, "book.epub"), "utf8")).toBe("new");
    expect(readdirSync(d)).toEqual(["book.epub"]);
  });

  it("keeps the last good file when the write cannot complete", async () => {
    const d = dir();
    mkdirSync(join(d, "book.pdf")); // a folder where the file should go: rename must fail
    writeFileSync(join(d, "book.pdf", "keep"), "good");
    await expect(writeFileAtomic({ dir: d, name: "book.pdf", bytes: new Uint8Array([1, 2, 3]) })).rejects.toThrow();
    expect(readFileSync(join(d, "book.pdf", "keep"), "utf8")).toBe("good");
    expect(readdirSync(d)).toEqual(["book.pdf"]);
  });

  it("sweeps only its own leftovers", async () => {
    const d = dir();
    writeFileSync(join(d, ".imprint-book.epub.123.abcd.tmp"), "half");
    writeFileSync(join(d, "notes.tmp"), "user's");
    await sweepTempFiles({ dir: d });
    expect(readdirSync(d)).toEqual(["notes.tmp"]);
  });
});

describe("lockOutput", () => {
  it("makes a second build wait, then fail naming the lock when it waits too long", async () => {
    const d = dir();
    const first = await lockOutput({ dir: d });
    await expect(lockOutput({ dir: d, waitMs: 600 })).rejects.toThrow(/lock/i);
    await first.release();
    const second = await lockOutput({ dir: d, waitMs: 600 });
    expect(second.lockPath).toBe(join(d, ".imprint-build.lock"));
    await second.release();
  });
});
