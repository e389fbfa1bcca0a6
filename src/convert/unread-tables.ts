/**
 * A grid table pandoc could not read: pandoc 2.17 reads no row or column spans (pandoc 3 does),
 * and a grid table with them falls back to a paragraph of its rules and bars (`+===+ | | min |`,
 * its `---` become dashes). Said, at the table's line, instead of printed as junk in silence.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import type { SourceLocator } from "./locate.js";

const LEFTOVER = /<p\b[^>]*>(\+[=\u2014\u2013:-][^\n<]*)/g;

export function unreadGridTables({ html, sourceFile, locate }: { html: string; sourceFile: string; locate: SourceLocator }): Diagnostic[] {
  if (!html.includes("<p>+") && !/<p [^>]*>\+/.test(html)) return [];
  const found = [...html.matchAll(LEFTOVER)];
  if (found.length === 0) return [];
  // The paragraph's first line as it was typed: pandoc's smart dashes undone.
  const typed = (found[0]?.[1] ?? "").replace(/\u2014/g, "---").replace(/\u2013/g, "--").trim();
  const line = locate.find(typed);
  return [diag("convert/pandoc-warning", {
    message: `a grid table${found.length > 1 ? ` (and ${found.length - 1} more in this file)` : ""} could not be read as a table, so its rules and bars print as text (pandoc before 3.0 reads no cell that spans rows or columns)`,
    file: sourceFile,
    ...(line !== undefined ? { line } : {}),
    hint: "Build with the built-in pandoc 3 (--pandoc wasm), which reads spans, or give each cell its own row and column; and check that every row's bars and every rule's + line up with the columns.",
  })];
}
