/**
 * R Markdown and Quarto code chunks (```` ```{r label, fig.cap='…'} ````, ```` ```{python} ````,
 * Quarto's `#| echo: false` option lines) as bookdown and Quarto books are full of. imprint runs
 * no code. pandoc does not read a knitr chunk header as a fence, so a chunk with options ran into
 * the text as one justified paragraph; here each chunk becomes a code block of its language, its
 * option lines left out, and a chunk that would not show its code (`include=FALSE`,
 * `echo=FALSE`) is left out whole. Lines keep their numbers (what goes is blanked). One warning
 * per file names the first chunk; inline code to run (`` `r 1 + 1` ``) gets one of its own.
 */
import { diag, type Diagnostic } from "../diagnostics.js";

/** A chunk's opening fence: an engine name first in the braces, not pandoc's `.class`, `#id` or `=format`. */
const CHUNK = /^( {0,3})(`{3,}|~{3,})[ \t]*\{([A-Za-z][A-Za-z0-9_]*)(?:[ \t,]+([^}]*))?\}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUARTO_OPTION = /^[ \t]*#\|/;
/** The line that closes a block opened with `fence`: the same character, at least as many. */
const closingFence = (fence: string): RegExp => new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`);
/** knitr's `` `r expr` `` and Quarto's `` `{r} expr` ``. */
const INLINE = /`(?:r|\{r\}|\{python\}) [^`\n]+`/;

const hidden = (options: string): string | undefined => {
  const m = /\b(include|echo)\s*[=:]\s*(FALSE|false|F)\b/.exec(options);
  return m ? `${m[1]}=${m[2]}` : undefined;
};

export function codeChunks({ markdown, sourceFile }: { markdown: string; sourceFile: string }): { markdown: string; diagnostics: Diagnostic[] } {
  if (!/\{[A-Za-z]|`(?:r|\{)/.test(markdown)) return { markdown, diagnostics: [] };
  const lines = markdown.split("\n");
  let first: { line: number; header: string } | undefined;
  let chunks = 0;
  let left = 0;
  let inline: number | undefined;
  let inlineCount = 0;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const open = CHUNK.exec(line);
    if (!open) {
      // Another fenced block: skip to its end, so its text is not taken for chunks or inline code.
      const fence = FENCE.exec(line);
      if (fence) {
        const close = closingFence(fence[1] as string);
        while (i + 1 < lines.length && !close.test(lines[i + 1] as string)) i++;
        i++;
        continue;
      }
      if (INLINE.test(line)) {
        inline ??= i + 1;
        inlineCount++;
      }
      continue;
    }
    const [, indent = "", fence = "```", engine = "", headerOptions = ""] = open;
    const close = closingFence(fence);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end] as string)) end++;
    // Quarto's options: `#|` lines at the top of the chunk.
    let body = i + 1;
    let quarto = "";
    for (; body < end && QUARTO_OPTION.test(lines[body] as string); body++) quarto += ` ${(lines[body] as string).replace(QUARTO_OPTION, "")}`;
    chunks++;
    first ??= { line: i + 1, header: line.trim() };
    changed = true;
    if (hidden(`${headerOptions} ${quarto}`)) {
      left++;
      for (let k = i; k <= Math.min(end, lines.length - 1); k++) lines[k] = "";
    } else {
      // The option lines move above the fence as blank lines: the code keeps its lines' numbers.
      for (let k = i; k < body - 1; k++) lines[k] = "";
      lines[body - 1] = `${indent}${fence}${engine.toLowerCase()}`;
    }
    i = end;
  }
  const diagnostics: Diagnostic[] = [];
  if (first) {
    const shown = first.header.length > 60 ? `${first.header.slice(0, 57)}…}` : first.header;
    const more = chunks > 1 ? ` (and ${chunks - 1} more in this file)` : "";
    const message = left === chunks
      ? `the code chunk ${shown}${more} is not run and is left out (include=FALSE or echo=FALSE): imprint runs no code, so what it makes is not in the book`
      : `the code chunk ${shown}${more} is not run: imprint runs no code, so it prints as a code block and its output (figures, tables, printed values) is not in the book${left > 0 ? `; ${left} with include=FALSE or echo=FALSE ${left === 1 ? "is" : "are"} left out` : ""}`;
    diagnostics.push(diag("convert/code-chunk", {
      message,
      file: sourceFile,
      line: first.line,
      hint: "Save what the chunk makes (a figure as images/NAME.png, a table as Markdown) and put that in the text; knit or render the book first if it needs its output.",
    }));
  }
  if (inline !== undefined) {
    diagnostics.push(diag("convert/code-chunk", {
      message: `inline code to run (\`r …\`)${inlineCount > 1 ? ` on ${inlineCount} lines of this file` : ""} is not run: it prints as code`,
      file: sourceFile,
      line: inline,
      hint: "Write the value it would give in its place.",
    }));
  }
  return { markdown: changed ? lines.join("\n") : markdown, diagnostics };
}
