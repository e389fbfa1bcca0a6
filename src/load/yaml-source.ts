/**
 * YAML parsing that keeps positions: every error or field problem can name its line and column.
 * YAML 1.2 core schema: `no` stays a string and `2024-02-30` is a string (and so can be rejected
 * as a date), never March 1st.
 */
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { diag, type Diagnostic } from "../diagnostics.js";

export interface ParsedYaml {
  data: unknown;
  /** Line and column (1-based) of the value at `path`, falling back to its nearest parent. */
  positionOf(path: ReadonlyArray<string | number>): { line: number; column: number };
  /** Position of the key itself (for unknown-field warnings). */
  keyPositionOf(key: string): { line: number; column: number };
}

export function parseYaml({ text, file }: { text: string; file: string }): { value: ParsedYaml | undefined; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { version: "1.2", schema: "core", lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    const firstLine = error.message.split("\n")[0] ?? error.message;
    diagnostics.push(
      diag("meta/yaml", {
        message: `${firstLine.replace(/ at line \d+, column \d+:?$/, "")} (metadata.yaml must be YAML: \`field: value\` lines, lists with \`- \`)`,
        file,
        line: pos.line,
        column: pos.col,
      }),
    );
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };

  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const value: ParsedYaml = {
    data: doc.toJS({ maxAliasCount: 100 }),
    positionOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return at(node.range[0]);
      }
      return { line: 1, column: 1 };
    },
    keyPositionOf(key) {
      const contents = doc.contents;
      if (contents && "items" in contents && Array.isArray(contents.items)) {
        for (const item of contents.items as Array<{ key?: unknown }>) {
          const k = item.key;
          if (isNode(k) && "value" in k && (k as { value: unknown }).value === key && k.range) return at(k.range[0]);
        }
      }
      return { line: 1, column: 1 };
    },
  };
  return { value, diagnostics };
}
