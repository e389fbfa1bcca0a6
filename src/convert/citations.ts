/**
 * Citations and cross-references nothing resolves: pandoc reads `[@xie2015]` and Quarto's
 * `@fig-plot` as citations, which only a bibliography and citeproc would turn into references,
 * and bookdown's `\@ref(intro)` is bookdown's own. imprint runs neither, so each prints as
 * written; one warning per file names the first of each kind, at its line.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import type { SourceLocator } from "./locate.js";

const CITATION = /<span class="citation" data-cites="([^"]*)"/g;
/** Quarto's cross-reference prefixes: `@fig-plot` is a figure, not a work cited. */
const CROSS_REFERENCE = /^(fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem)-/;
const BOOKDOWN_REF = /\\@ref\(([^)\n]*)\)/;

export function unresolvedReferences({ html, markdown, sourceFile, locate }: { html: string; markdown: string; sourceFile: string; locate: SourceLocator }): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (html.includes('class="citation"')) {
    const keys = [...new Set([...html.matchAll(CITATION)].flatMap((m) => (m[1] ?? "").split(" ").filter(Boolean)))];
    const works = keys.filter((k) => !CROSS_REFERENCE.test(k));
    const refs = keys.filter((k) => CROSS_REFERENCE.test(k));
    const say = (list: string[], what: string, hint: string) => {
      const first = list[0] as string;
      const line = locate.find(`@${first}`);
      out.push(diag("convert/citation", {
        message: `${what} @${first}${list.length > 1 ? ` (and ${list.length - 1} more in this file)` : ""} prints as written: imprint resolves no citations or cross-references (it runs no citeproc, bookdown or Quarto)`,
        file: sourceFile,
        ...(line !== undefined ? { line } : {}),
        hint,
      }));
    };
    if (works.length) say(works, "the citation", "Write each reference out in the text, and the works cited as a chapter of their own; escape an @ that is not a citation as \\@.");
    if (refs.length) say(refs, "the cross-reference", "Link to what it names with [Figure 1](#fig-plot), the id given as {#fig-plot} on the figure, table or heading.");
  }
  const bookdown = BOOKDOWN_REF.exec(markdown);
  if (bookdown) {
    const count = markdown.split("\n").filter((l) => BOOKDOWN_REF.test(l)).length;
    const line = locate.find(bookdown[0]);
    out.push(diag("convert/citation", {
      message: `bookdown's cross-reference ${bookdown[0]}${count > 1 ? ` (on ${count} lines of this file)` : ""} prints as written ("@ref(${bookdown[1]})"): imprint runs no bookdown`,
      file: sourceFile,
      ...(line !== undefined ? { line } : {}),
      hint: "Link to what it names instead: [Chapter 1](#intro) for a heading written # Introduction {#intro}.",
    }));
  }
  return out;
}
