import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWasmPandoc } from "../../src/convert/wasm.js";
import type { PandocBackend, PandocRun } from "../../src/convert/types.js";
import { importManuscript } from "../../src/import/index.js";
import { MIB, checkZipLimits, openDocumentZip } from "../../src/import/zip.js";
import { makeZip } from "./zip-bomb.js";

const temp = (): string => mkdtempSync(join(tmpdir(), "imprint-zip-"));

let real: PandocBackend;
const runs: PandocRun[] = [];
/** The real pandoc-wasm, recording each run, to prove a refused document never reaches it. */
const pandoc: PandocBackend = {
  name: "wasm",
  get version() {
    return real.version;
  },
  run: (r) => (runs.push(r), real.run(r)),
  close: () => real.close(),
};
beforeAll(async () => {
  real = await createWasmPandoc();
}, 120_000);
afterAll(() => pandoc.close());

describe("zip limits of .docx/.odt import", () => {
  it("a .docx whose word/media/image1.png is 300 MiB of zeros is refused before pandoc reads it", async () => {
    const dir = temp();
    const file = join(dir, "bomb.docx");
    writeFileSync(file, await makeZip([
      { name: "[Content_Types].xml", data: new TextEncoder().encode("<Types/>") },
      { name: "word/media/image1.png", data: 300 * MIB },
    ]));
    expect(readFileSync(file).length).toBeLessThan(400_000);
    const before = runs.length;
    const out = join(dir, "ms");
    const result = await importManuscript({ file, outDir: out, pandoc });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "import/zip-limit", severity: "error", file, field: "word/media/image1.png" });
    expect(result.diagnostics[0]?.message).toContain("word/media/image1.png inflates to 300.0 MiB");
    expect(runs.length).toBe(before);
    expect(existsSync(out)).toBe(false);
    // Its compression ratio (~1030:1) gives it away even when the size limit is raised.
    const raised = await importManuscript({ file, outDir: out, pandoc, maxUnpackedBytes: 1000 * MIB });
    expect(raised.diagnostics.map((d) => d.code)).toEqual(["import/zip-limit"]);
    expect(raised.diagnostics[0]?.message).toMatch(/\(\d+:1\); no real file compresses more than 1000:1/);
    expect(runs.length).toBe(before);
  }, 60_000);

  it("the total unpacked size is capped; --max-unpacked raises the cap", async () => {
    const dir = temp();
    const zip = await JSZip.loadAsync(readFileSync("test/fixtures/import-docx/metadata.docx"));
    zip.file("word/media/big.png", randomBytes(3 * MIB));
    const file = join(dir, "big.docx");
    writeFileSync(file, await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
    const refused = await importManuscript({ file, outDir: join(dir, "a"), pandoc, maxUnpackedBytes: 2 * MIB });
    expect(refused.diagnostics).toMatchObject([{ code: "import/zip-limit", file, field: "word/media/big.png" }]);
    expect(refused.diagnostics[0]?.message).toContain("more than 2.0 MiB (reached at word/media/big.png, 3.0 MiB)");
    expect(refused.diagnostics[0]?.hint).toContain("--max-unpacked MB (now 2)");
    const ok = await importManuscript({ file, outDir: join(dir, "b"), pandoc, maxUnpackedBytes: 10 * MIB });
    expect(ok.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(readdirSync(join(dir, "b", "images"))).toEqual(["big.png"]);
    expect(readFileSync(join(dir, "b", "images", "big.png")).length).toBe(3 * MIB);
  }, 60_000);

  it("more than 10,000 entries is refused, and so is a file that is no zip", async () => {
    const many = checkZipLimits({ file: "x.docx", entryCount: 10_001, entries: [], maxUnpackedBytes: 200 * MIB });
    expect(many).toMatchObject({ code: "import/zip-limit", file: "x.docx" });
    expect(many?.message).toContain("10001 files; at most 10000");
    expect(checkZipLimits({ file: "x.docx", entryCount: 10_000, entries: [{ name: "a", uncompressedSize: 2 * MIB, compressedSize: 3000 }], maxUnpackedBytes: 200 * MIB })).toBeUndefined();
    const notZip = await openDocumentZip({ file: "x.odt", bytes: new TextEncoder().encode("plain text"), format: "odt", maxUnpackedBytes: MIB });
    expect(notZip.zip).toBeUndefined();
    expect(notZip.diagnostics).toMatchObject([{ code: "load/unreadable", file: "x.odt" }]);
  });
});
