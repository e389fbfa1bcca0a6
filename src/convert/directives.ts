/**
 * mdBook's preprocessor directives (`{{#include file.rs}}`, `{{#rustdoc_include …}}`,
 * `{{#playground …}}`, `{{#title …}}`), as books written for mdBook (the Rust book and many
 * others) are full of. imprint runs no preprocessor, so each prints as written, usually inside a
 * code block where the included code should be; one warning per file says so at the first one.
 */
import { diag, type Diagnostic } from "../diagnostics.js";

const DIRECTIVE = /\{\{#(include|rustdoc_include|playground|playpen|title)\b[^}\n]*\}\}/;

export function mdbookDirectives({ markdown, sourceFile }: { markdown: string; sourceFile: string }): Diagnostic[] {
  if (!markdown.includes("{{#")) return [];
  let first: { line: number; text: string } | undefined;
  let count = 0;
  markdown.split(/\r?\n/).forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    count++;
    first ??= { line: i + 1, text: m[0] };
  });
  if (!first) return [];
  const shown = first.text.length > 60 ? `${first.text.slice(0, 57)}…}}` : first.text;
  const more = count > 1 ? ` (and ${count - 1} more in this file)` : "";
  return [diag("convert/mdbook-directive", {
    message: `mdBook's ${shown}${more} prints as written: imprint runs no mdBook preprocessor, so the file it names is not included`,
    file: sourceFile,
    line: first.line,
    hint: "Paste the text of the file it names in place of each directive, or delete the directive.",
  })];
}
