/**
 * checkGlyphs against the machine's real fonts (Debian's Noto packages): scripts those fonts cover
 * pass, a private-use or unassigned code point is a warning at its line and column, once per file.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkGlyphs, codePointLabel, parseFontconfigCharsets } from "../../src/check/glyphs.js";

function hasFontconfig(): boolean {
  try {
    execFileSync("fc-list", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Whether some installed font claims the code point (asked independently of the module). */
function fcCovers(cp: number): boolean {
  return execFileSync("fc-list", [`:charset=${cp.toString(16)}`, "family"], { encoding: "utf8" }).trim() !== "";
}

const fontconfig = hasFontconfig();

describe("parseFontconfigCharsets", () => {
  it("unions ranges of several fonts", () => {
    const set = parseFontconfigCharsets("20-7e a0-17f 192\n370-3ff\n\n100-200 1f600\n");
    expect(set.has(0x41)).toBe(true);
    expect(set.has(0x1ff)).toBe(true);
    expect(set.has(0x201)).toBe(false);
    expect(set.has(0x3a9)).toBe(true);
    expect(set.has(0x1f600)).toBe(true);
    expect(set.has(0x1f601)).toBe(false);
    expect(set.has(0x7f)).toBe(false);
  });
});

describe.skipIf(!fontconfig)("checkGlyphs with the installed fonts (skipped: no fontconfig)", () => {
  it("accepts Greek, Cyrillic, Arabic, Hebrew, CJK and emoji that the Noto fonts cover", async () => {
    const text = [
      "Ἰλιάς — Война и мир",
      "مرحبا بالعالم — שלום עולם",
      "中文字 日本語のかな 한국어",
      "😀 👩‍💻 ❤️ 🇻🇪 👍🏽",
      "co\u00adoperate\u200bword\u2060joined\ufeff",
    ].join("\n");
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp > 0x2000 && /\p{L}|\p{Extended_Pictographic}/u.test(ch)) expect(fcCovers(cp), codePointLabel(cp)).toBe(true);
    }
    expect(await checkGlyphs({ files: [{ path: "01-text.md", text }] })).toEqual([]);
  });

  it("warns once per character per file, at its first line and column", async () => {
    expect(fcCovers(0xe000)).toBe(false);
    expect(fcCovers(0x378)).toBe(false);
    const a = "First line.\nA 😀 and \ue000 here, \ue000 again.\nGreek with a hole: \u0378.";
    const b = "\ue000";
    const diagnostics = await checkGlyphs({ files: [{ path: "01-a.md", text: a }, { path: "02-b.md", text: b }] });
    expect(diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column])).toEqual([
      ["model/no-glyph", "warning", "01-a.md", 2, 9],
      ["model/no-glyph", "warning", "01-a.md", 3, 20],
      ["model/no-glyph", "warning", "02-b.md", 1, 1],
    ]);
    expect(diagnostics[0]?.message).toMatch(/^U\+E000 \(a private-use character/);
    expect(diagnostics[1]?.message).toMatch(/^U\+0378 \(a code point Unicode has not assigned\)/);
  });

  it("counts columns in characters, astral ones included, after CRLF line ends", async () => {
    const diagnostics = await checkGlyphs({ files: [{ path: "x.md", text: "ok\r\n😀😀\u{10fffd}" }] });
    expect(diagnostics.map((d) => [d.line, d.column, d.message.slice(0, 8)])).toEqual([[2, 3, "U+10FFFD"]]);
  });
});

describe("checkGlyphs without fontconfig", () => {
  it("says so once, and then only the book typeface counts", async () => {
    const text = "Latin é, Greek Ω, Cyrillic Ж.\nArabic م and again م.";
    const diagnostics = await checkGlyphs({ files: [{ path: "t.md", text }], fcList: "/nonexistent/fc-list" });
    expect(diagnostics.map((d) => [d.code, d.severity, d.line ?? null, d.column ?? null])).toEqual([
      ["check/no-fontconfig", "info", null, null],
      ["model/no-glyph", "warning", 2, 8],
    ]);
    expect(diagnostics[1]?.message).toContain("U+0645 (an Arabic character)");
  });
});

describe("checkGlyphs on text the book typeface covers", () => {
  it("does not ask fontconfig at all", async () => {
    // With a lister that cannot run, asking would add check/no-fontconfig.
    const diagnostics = await checkGlyphs({ files: [{ path: "t.md", text: "Plain “quoted” text — with dashes, é, ñ and ß.\n" }], fcList: "/nonexistent/fc-list" });
    expect(diagnostics).toEqual([]);
  });
});
