/**
 * LaTeX in a Markdown file (`\textbf{IMPORTANT}`, `\newpage`, `\begin{center}…\end{center}`): with
 * pandoc's `raw_tex` it would be raw LaTeX, which no edition here can carry (the HTML writer drops
 * it, words and all). imprint reads Markdown without `raw_tex` (MARKDOWN_FROM), so it prints as
 * written; one warning per file, at the first command, says so. Code (fenced, indented, inline)
 * is left alone: LaTeX there is the book's subject, not its markup. A lone backslash word
 * (`C:\Users`) is not a command and is not reported.
 */
import { diag, type Diagnostic } from "../diagnostics.js";

/** A command with an argument, an environment, or a layout command that takes none. */
const COMMAND = /\\(?:begin|end)\{[A-Za-z*]+\}|\\[A-Za-z]+\*?[{[]|\\(?:newpage|clearpage|cleardoublepage|pagebreak|linebreak|noindent|centering|bigskip|medskip|smallskip|maketitle|tableofcontents|hfill|vfill)\b/g;

export function rawTex({ markdown, sourceFile }: { markdown: string; sourceFile: string }): Diagnostic[] {
  if (!markdown.includes("\\")) return [];
  let fence: string | undefined;
  let first: { line: number; text: string } | undefined;
  let count = 0;
  let math = false;
  markdown.split(/\r?\n/).forEach((line, i) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      return;
    }
    if (opener) {
      fence = opener;
      return;
    }
    if (/^(?: {4}|\t)/.test(line)) return;
    // Display math ($$ … $$, over lines) and inline math are TeX math, not raw LaTeX.
    const dollars = (line.match(/\$\$/g) ?? []).length;
    const wasMath = math;
    if (dollars % 2 === 1) math = !math;
    if (wasMath && math) return;
    const prose = line.replace(/(`+)[\s\S]*?\1/g, "").replace(/\$\$[\s\S]*?(\$\$|$)/g, "").replace(/\$[^$\s][^$]*\$/g, "");
    for (const m of prose.matchAll(COMMAND)) {
      count++;
      first ??= { line: i + 1, text: m[0] };
    }
  });
  if (!first) return [];
  const shown = first.text.endsWith("{") ? `${first.text}…}` : first.text.endsWith("[") ? `${first.text}…]` : first.text;
  const more = count > 1 ? ` (and ${count - 1} more in this file)` : "";
  return [diag("convert/raw-tex", {
    message: `the LaTeX ${shown}${more} prints as written: no edition carries raw LaTeX, so it is kept as text rather than dropped with its words`,
    file: sourceFile,
    line: first.line,
    hint: "Write it in Markdown (**bold**, *italics*, a heading, a line of * * * for a break), or delete it.",
  })];
}
