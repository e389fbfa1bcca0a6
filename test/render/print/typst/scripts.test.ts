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

/** A one-file book built to a typst PDF: its embedded fonts (pdffonts) and its text layer. */
async function typstPdf({ language, title, text }: { language: string; title: string; text: string }): Promise<{ fonts: string; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), "imprint-scripts-"));
  writeFileSync(join(dir, "metadata.yaml"), `title: ${title}\nauthors: Ada Writer\nlanguage: ${language}\n`);
  writeFileSync(join(dir, "01-text.md"), text);
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ["ignore", "pipe", "ignore"] }).toString();
  return { fonts: run("pdffonts", [pdf]), text: run("pdftotext", [pdf, "-"]) };
}

it("prints Devanagari, Thai, Ethiopic, Armenian, Tamil and ballot boxes in their Noto faces, every letter in the text layer", async () => {
  const { fonts, text } = await typstPdf({ language: "hi", title: "Scripts", text: ["# Scripts", "", ...SAMPLES.flatMap(([name, sample]) => [`${name}: ${sample}`, ""])].join("\n") });
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
  const { fonts } = await typstPdf({ language: "ja", title: "ガイド", text: "# ガイド\n\nこのガイドは、初心者向けでも経験者向きでもある。「骨」と『直』、①。\n" });
  expect(fonts).toMatch(/NotoSerifCJK/);
  expect(fonts).not.toMatch(/Mongolian/);
}, 120_000);

// Code is set in the mono faces, which have no Chinese: the book's faces stand in for what they
// lack (the CJK monospaced cut first), so `type 命令` never prints as empty boxes.
it("prints Chinese inside code from a CJK face, every character in the text layer", async () => {
  const { fonts, text } = await typstPdf({ language: "zh", title: "代码", text: "# 代码\n\n你可以用 `type 命令` 来判断。\n\n```\necho \"你好\" # 注释\n```\n" });
  expect(fonts).toMatch(/NotoSansMonoCJK/);
  expect(text).toContain("type 命令");
  expect(text).toContain('echo "你好" # 注释');
}, 120_000);
