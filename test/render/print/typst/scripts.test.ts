/**
 * Typst uses only the families templates/design.yaml names (no system fallback): a script none of
 * them covers prints as empty boxes and drops letters from the text layer. Each script here must
 * come out in its own Noto face with every letter in the text layer.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";

const SAMPLES: Array<[string, string, RegExp]> = [
  ["Devanagari", "नमस्ते दुनिया।", /NotoSerifDevanagari/],
  ["Thai", "สวัสดีชาวโลก", /NotoSerifThai/],
  ["Ethiopic", "ሰላም ዓለም", /NotoSerifEthiopic/],
  ["Armenian", "Բարեւ աշխարհ", /NotoSerifArmenian/],
  ["Tamil", "வணக்கம் உலகம்", /NotoSerifTamil/],
  ["Ballots", "☐ ☒ ✓", /NotoSansSymbols2/],
];

it("prints Devanagari, Thai, Ethiopic, Armenian, Tamil and ballot boxes in their Noto faces, every letter in the text layer", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-scripts-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Scripts\nauthors: Ada Writer\nlanguage: hi\n");
  writeFileSync(join(dir, "01-text.md"), ["# Scripts", "", ...SAMPLES.flatMap(([name, text]) => [`${name}: ${text}`, ""])].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  const fonts = execFileSync("pdffonts", [pdf], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  const text = execFileSync("pdftotext", [pdf, "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  // Spaces aside: pdftotext guesses word gaps from glyph positions, and splits a Tamil conjunct.
  const letters = text.replace(/\s+/g, "");
  for (const [name, sample, face] of SAMPLES) {
    expect(fonts, name).toMatch(face);
    expect(letters, name).toContain(`${name}:${sample.replace(/\s+/g, "")}`);
  }
}, 120_000);

// CJK punctuation (、。「」①) is in other scripts' faces too (Noto Sans Mongolian has it): it must
// come from the CJK face with the text around it, or it sits askew and collides with its neighbours.
it("prints Japanese punctuation in the CJK face, never in another script's", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-cjk-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: ガイド\nauthors: Ada Writer\nlanguage: ja\n");
  writeFileSync(join(dir, "01-text.md"), "# ガイド\n\nこのガイドは、初心者向けでも経験者向きでもある。「骨」と『直』、①。\n");
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const fonts = execFileSync("pdffonts", [join(out, `${report.slug}.pdf`)], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  expect(fonts).toMatch(/NotoSerifCJK/);
  expect(fonts).not.toMatch(/Mongolian/);
}, 120_000);

// Code is set in the mono faces, which have no Chinese: the book's faces stand in for what they
// lack (the CJK monospaced cut first), so `type 命令` never prints as empty boxes.
it("prints Chinese inside code from a CJK face, every character in the text layer", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-cjk-code-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: 代码\nauthors: Ada Writer\nlanguage: zh\n");
  writeFileSync(join(dir, "01-text.md"), "# 代码\n\n你可以用 `type 命令` 来判断。\n\n```\necho \"你好\" # 注释\n```\n");
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  const fonts = execFileSync("pdffonts", [pdf], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  const text = execFileSync("pdftotext", [pdf, "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  expect(fonts).toMatch(/NotoSansMonoCJK/);
  expect(text).toContain("type 命令");
  expect(text).toContain('echo "你好" # 注释');
}, 120_000);
