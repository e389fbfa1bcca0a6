/**
 * Whether a pandoc document (JSON AST) has a table cell that spans rows or columns. pandoc 3
 * writes such a table as a grid table with spans, which pandoc before 3.0 cannot read (a build
 * with Debian's pandoc 2.17 would print its rules and bars as text); written without grid tables,
 * pandoc falls back to an HTML table, which every pandoc reads with its spans.
 */
import { isNode, type Json } from "./pandoc-ast.js";

type Cell = [Json, Json, number, number, Json];
type Row = [Json, Cell[]];

const rowsSpan = (rows: Json): boolean =>
  Array.isArray(rows) && (rows as unknown as Row[]).some((row) => Array.isArray(row?.[1]) && row[1].some((cell) => Array.isArray(cell) && (Number(cell[2]) > 1 || Number(cell[3]) > 1)));

/** A table's head, bodies and foot: [attr, caption, colspecs, [attr, rows], [[attr, n, rows, rows]…], [attr, rows]]. */
function tableSpans(c: Json): boolean {
  if (!Array.isArray(c)) return false;
  const [, , , head, bodies, foot] = c;
  const part = (p: Json | undefined): Json => (Array.isArray(p) ? (p[1] ?? null) : null);
  return rowsSpan(part(head)) || rowsSpan(part(foot)) || (Array.isArray(bodies) && bodies.some((b) => Array.isArray(b) && (rowsSpan(b[2] ?? null) || rowsSpan(b[3] ?? null))));
}

export function hasSpannedCells(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasSpannedCells);
  if (typeof value !== "object" || value === null) return false;
  if (isNode(value) && value.t === "Table" && tableSpans(value.c ?? null)) return true;
  return Object.values(value).some(hasSpannedCells);
}

/**
 * Marks the escaped text (pandoc-ast.ts: raw Markdown inlines) of every table as raw HTML, for a
 * document written without grid tables. pandoc's HTML table drops raw Markdown, which left every
 * cell empty; raw HTML it writes as it is, and pandoc reads a cell of an HTML table as Markdown,
 * so the escapes still hold (`\*` is a star). A table pandoc writes as a pipe or multiline table
 * keeps raw HTML as written too.
 */
export function escapedTextAsHtmlInTables(value: Json, inTable = false): void {
  if (Array.isArray(value)) {
    for (const v of value) escapedTextAsHtmlInTables(v, inTable);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const here = inTable || (isNode(value) && value.t === "Table");
  if (here && isNode(value) && value.t === "RawInline" && Array.isArray(value.c) && value.c[0] === "markdown") value.c[0] = "html";
  for (const v of Object.values(value)) escapedTextAsHtmlInTables(v, here);
}
