/**
 * EPUBCheck (Java) and DAISY Ace report nothing on the packet's EPUB nor on any item's own: the
 * build runs them itself with `checks: "full"` and fails on anything they report.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEpub } from "../../src/check/epub.js";
import { formatDiagnostic } from "../../src/diagnostics.js";
import type { PacketReport } from "../../src/packet/index.js";
import { buildReader, readBytes, readerCopy } from "./helpers.js";

let copy: Awaited<ReturnType<typeof readerCopy>>;
let report: PacketReport;

beforeAll(async () => {
  copy = await readerCopy();
  report = await buildReader({ packet: copy.packet, out: copy.out, formats: ["epub"], checks: "full", cache: false });
}, 900_000);
afterAll(() => copy.cleanUp());

describe("packet EPUBs under EPUBCheck and Ace", () => {
  it("the build ran EPUBCheck, epubcheck-ts and Ace on the packet and every item, with nothing reported", () => {
    expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.items.flatMap((i) => i.editions).filter((e) => e.format === "epub")).toHaveLength(3);
  });

  it("the packet EPUB as written passes EPUBCheck again (the check ran on these bytes)", async () => {
    const epub = report.editions.find((e) => e.format === "epub");
    expect(epub).toBeDefined();
    const bytes = await readBytes(join(copy.out, "readings-on-power-and-the-people", "readings-on-power-and-the-people.epub"));
    expect((await checkEpub({ bytes, fileName: "packet.epub", checks: ["epubcheck"] })).map(formatDiagnostic)).toEqual([]);
  }, 300_000);
});
