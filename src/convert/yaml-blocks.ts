/**
 * YAML metadata blocks inside Markdown: metadata.yaml is the book's only metadata, so blocks
 * pandoc would read as metadata are blanked out (line numbers kept) and reported.
 *
 * pandoc's rule (Markdown reader, yaml_metadata_block): a line `---` at the start of the text
 * or after a blank line, not followed by a blank line, up to a line `---` or `...`. Content that
 * is not a YAML mapping (a scalar, a list) is not metadata: pandoc reads it as text (a table),
 * so it is left alone. Malformed YAML would stop pandoc with an error; it is blanked too.
 */
import { parse } from "yaml";
import { diag, type Diagnostic } from "../diagnostics.js";

export interface BlankedMarkdown {
  markdown: string;
  diagnostics: Diagnostic[];
}

const isBlank = (line: string | undefined): boolean => line !== undefined && line.trim() === "";
const isFence = (line: string): RegExpExecArray | null => /^ {0,3}(`{3,}|~{3,})/.exec(line);

/** Whether pandoc would take these lines as a metadata block (a mapping, or only comments). */
function isMetadata(lines: string[]): boolean {
  try {
    const value: unknown = parse(lines.join("\n"));
    return value === null || value === undefined || (typeof value === "object" && !Array.isArray(value));
  } catch {
    return true;
  }
}

export function blankYamlBlocks({ markdown, sourceFile }: { markdown: string; sourceFile: string }): BlankedMarkdown {
  const eol = markdown.includes("\r\n") ? "\r\n" : "\n";
  const lines = markdown.split(/\r?\n/);
  const diagnostics: Diagnostic[] = [];
  let fence: string | undefined;
  let afterBlock = false;
  // A pandoc title block (`% Title`, `% Authors`, `% Date` as a file's first lines, a line starting
  // with spaces continuing one; `%` alone, an empty field) is metadata pandoc takes out of the
  // text: said, as a YAML block is.
  if (/^%(?:[ \t]|$)/.test(lines[0] ?? "")) {
    let end = 0;
    while (end + 1 < lines.length && /^(?:%(?:[ \t]|$)|[ \t]+\S)/.test(lines[end + 1] ?? "") && !isBlank(lines[end + 1])) end++;
    for (let j = 0; j <= end; j++) lines[j] = "";
    diagnostics.push(diag("meta/markdown-yaml", { message: `this pandoc title block (${end === 0 ? "line 1" : `lines 1–${end + 1}`}, "% ${(markdown.split(/\r?\n/)[0] ?? "").slice(2, 60)}") was left out of the book; put title, authors and date in metadata.yaml`, file: sourceFile, line: 1 }));
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    // Inside a fenced code block nothing is metadata.
    const f = isFence(line);
    if (fence !== undefined) {
      if (f && f[1]?.[0] === fence[0] && (f[1]?.length ?? 0) >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      afterBlock = false;
      continue;
    }
    const startsBlock = i === 0 || isBlank(lines[i - 1]) || afterBlock;
    afterBlock = false;
    if (!startsBlock || line.trimEnd() !== "---" || lines[i + 1] === undefined || isBlank(lines[i + 1])) continue;
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const t = (lines[j] ?? "").trimEnd();
      if (t === "---" || t === "...") {
        end = j;
        break;
      }
    }
    if (end === -1) continue;
    const body = lines.slice(i + 1, end);
    if (!isMetadata(body)) continue;
    for (let j = i; j <= end; j++) lines[j] = "";
    diagnostics.push(
      diag("meta/markdown-yaml", {
        message: `this YAML block (lines ${i + 1}–${end + 1}) was left out of the book; put metadata in metadata.yaml`,
        file: sourceFile,
        line: i + 1,
      }),
    );
    i = end;
    afterBlock = true;
  }
  return { markdown: lines.join(eol), diagnostics };
}
