/**
 * checkEpub: the three real checkers on an EPUB broken on purpose, their findings as our
 * diagnostics (code per tool, the EPUB's inner path, line where the tool gives one); a missing
 * tool is a warning, not a crash.
 */
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { checkEpub } from "../../src/check/epub.js";
import { epubcheckDiagnostics, runEpubcheck } from "../../src/check/epubcheck.js";
import { renderEpub } from "../../src/render/epub/index.js";
import { createTemplates } from "../../src/render/templates.js";
import { chaptersBook } from "../helpers/books.js";

/** A valid EPUB of ours with one image added that has no alt text and no file behind it. */
async function brokenEpub(): Promise<Uint8Array> {
  const result = await renderEpub({ book: await chaptersBook(), templates: createTemplates() });
  const zip = await JSZip.loadAsync(result.artifacts[0]!.bytes);
  const chapter = await zip.file("EPUB/s2.xhtml")!.async("string");
  zip.file("EPUB/s2.xhtml", chapter.replace('<p id="s2-b10">After the rule.</p>', '<p id="s2-b10">After the rule.<img src="images/missing.png" /></p>'));
  return zip.generateAsync({ type: "uint8array" });
}

describe("checkEpub on a broken EPUB", () => {
  test("each checker reports what it finds, located inside the EPUB", async () => {
    const found = await checkEpub({ bytes: await brokenEpub(), fileName: "broken.epub" });
    const java = found.filter((d) => d.code === "check/epubcheck");
    const ts = found.filter((d) => d.code === "check/epubcheck-ts");
    const ace = found.filter((d) => d.code === "check/ace");
    // The missing image is a broken reference for both EPUBChecks (RSC-007)…
    expect(java.some((d) => d.severity === "error" && d.message.includes("RSC-007") && d.file === "EPUB/s2.xhtml" && typeof d.line === "number")).toBe(true);
    expect(ts.some((d) => d.severity === "error" && d.message.includes("RSC-007") && d.file === "EPUB/s2.xhtml")).toBe(true);
    // …and an image without a text alternative for Ace.
    expect(ace.some((d) => d.severity === "error" && d.message.includes("image-alt") && d.file === "EPUB/s2.xhtml")).toBe(true);
  });

  test("only the chosen checkers run", async () => {
    const found = await checkEpub({ bytes: await brokenEpub(), fileName: "broken.epub", checks: ["epubcheck-ts"] });
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((d) => d.code))).toEqual(new Set(["check/epubcheck-ts"]));
  });
});

describe("a checker that is not installed", () => {
  test("EPUBCheck's jar missing is a check/tool-missing warning", async () => {
    const found = await runEpubcheck({ bytes: new Uint8Array([1]), fileName: "x.epub", env: { ...process.env, EPUBCHECK_JAR: "/nonexistent/epubcheck.jar" } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: "check/tool-missing", severity: "warning", file: "x.epub" });
  });

  test("no Java runtime is a check/tool-missing warning", async () => {
    const found = await runEpubcheck({ bytes: new Uint8Array([1]), fileName: "x.epub", env: { ...process.env, JAVA: "/nonexistent/java" } });
    expect(found).toEqual([expect.objectContaining({ code: "check/tool-missing", severity: "warning" })]);
  });
});

test("EPUBCheck's JSON severities map to ours; usage and info are not reported", () => {
  const found = epubcheckDiagnostics({
    fileName: "b.epub",
    messages: [
      { ID: "RSC-016", severity: "FATAL", message: "fatal", locations: [{ path: "EPUB/a.xhtml", line: 3, column: 4 }] },
      { ID: "OPF-085", severity: "WARNING", message: "warn", locations: [{ path: "EPUB/package.opf", line: -1, column: -1 }] },
      { ID: "CSS-028", severity: "USAGE", message: "usage", locations: [] },
      { ID: "INF-001", severity: "INFO", message: "info" },
    ],
  });
  expect(found).toEqual([
    expect.objectContaining({ severity: "error", file: "EPUB/a.xhtml", line: 3, column: 4, message: "fatal (RSC-016)" }),
    expect.objectContaining({ severity: "warning", file: "EPUB/package.opf", message: "warn (OPF-085)" }),
  ]);
  expect(found[1]).not.toHaveProperty("line");
});
