/**
 * Small real PDFs with known typography, typeset by typst (in-process, the full Source Serif 4):
 * every line break, hyphen, page break and vertical shift is written out, so a test knows exactly
 * what the metrics must find.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import { scratch } from "../../render/pdf/helpers.js";

const fontDir = join(dirname(createRequire(import.meta.url).resolve("source-serif/package.json")), "OTF");
let compiler: NodeCompiler | undefined;

/** Leading 15.4 pt: 11 pt line boxes (top-edge 0.8 em, bottom-edge -0.2 em) 4.4 pt apart. */
export const LEADING = 15.4;
/** The measure: a 432 pt page with 42 pt side margins. */
export const MEASURE = 348;

export interface TypstPageOptions {
  /** Lines a page holds (the page height is made for exactly this many). Default: a 6×9 page. */
  linesPerPage?: number;
  justify?: boolean;
  hyphenate?: boolean;
  /** Widow and orphan costs in percent (typst's default 100 prevents them). */
  widowCost?: number;
  orphanCost?: number;
  /** Word spacing in percent of the font's space (100 = natural). */
  spacing?: number;
}

export function typstSource(body: string, o: TypstPageOptions = {}): string {
  const height = o.linesPerPage ? `${50 + 11 + LEADING * (o.linesPerPage - 1) + 1 + 50}pt` : "648pt";
  return [
    `#set page(width: 432pt, height: ${height}, margin: (x: 42pt, top: 50pt, bottom: 50pt))`,
    `#set text(font: "Source Serif 4", size: 11pt, lang: "en", top-edge: 0.8em, bottom-edge: -0.2em, hyphenate: ${o.hyphenate ?? false}, spacing: ${o.spacing ?? 100}%, costs: (widow: ${o.widowCost ?? 100}%, orphan: ${o.orphanCost ?? 100}%))`,
    `#set par(justify: ${o.justify ?? true}, leading: 4.4pt, spacing: 4.4pt, first-line-indent: 1.2em)`,
    body,
  ].join("\n");
}

/** Compiles typst source to a PDF file in the scratch folder; returns its path. */
export function typstPdf(name: string, body: string, options: TypstPageOptions = {}): string {
  compiler ??= NodeCompiler.create({ fontArgs: [{ fontPaths: [fontDir] }] });
  const pdf = compiler.pdf({ mainFileContent: typstSource(body, options) });
  return scratch(`typography-${name}.pdf`, new Uint8Array(pdf));
}

/** `count` lines of ordinary words, each ending in a forced break (justified to the measure when `justify`). */
export function lines(count: number, { justify = true, words = "the quiet river runs past the old stone mill" }: { justify?: boolean; words?: string } = {}): string {
  return Array.from({ length: count }, (_, i) => `${words} ${i + 1}${i < count - 1 ? ` #linebreak(justify: ${justify})` : ""}`).join("\n");
}

/** Prose for spacing tests: real English sentences. */
export const PROSE =
  "Workers World is publishing, unmodified, several statements from anti-imperialist media to show the breadth of support for the Bolivarian Republic of Venezuela and opposition to the lies of the government and the corporate media. The author is a Venezuelan consultant and international analyst. The presidential election took place in a climate of extreme tension to which the people were subjected by the extreme right, which had announced months in advance that it would not recognize any result other than its own victory. ";
