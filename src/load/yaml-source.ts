/**
 * YAML parsing that keeps positions: every error or field problem can name its line and column.
 * YAML 1.2 core schema: `no` stays a string and `2024-02-30` is a string (and so can be rejected
 * as a date), never March 1st.
 */
import { basename } from "node:path";
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { diag, type Diagnostic } from "../diagnostics.js";

/** Every string scalar of the document (keys too), so callers can check its characters. */
export interface YamlString {
  /** Field path of the value; for a key, the path the key names. */
  path: Array<string | number>;
  value: string;
  isKey: boolean;
  /** Position of the character at `index` of `value`, as near as the source allows (escapes). */
  locate(index: number): { line: number; column: number };
}

// Only the core schema's own tags; anything else (`!!js/function`, `!!python/object`, `!!binary`,
// `!custom`) would load as a plain string or a surprise object, so it is refused by name.
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));
// Keys that mean something to every JavaScript object; as field names they can only do harm.
export const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function shortTag(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
}

export interface ParsedYaml {
  data: unknown;
  /** Line and column (1-based) of the value at `path`, falling back to its nearest parent. */
  positionOf(path: ReadonlyArray<string | number>): { line: number; column: number };
  /** Position of the key itself (for unknown-field warnings). */
  keyPositionOf(key: string): { line: number; column: number };
  strings: YamlString[];
}

/** The first line whose double quotes do not pair up (a YAML value opened and never closed), and the column of its last one. */
function unclosedQuote(text: string): { line: number; col: number } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\\"/g, "");
    const hash = line.search(/(^|\s)#/);
    const code = hash >= 0 && (line.slice(0, hash).match(/"/g) ?? []).length % 2 === 0 ? line.slice(0, hash) : line;
    if ((code.match(/"/g) ?? []).length % 2 === 1) return { line: i + 1, col: code.lastIndexOf('"') + 1 };
  }
  return undefined;
}

export function parseYaml({ text, file }: { text: string; file: string }): { value: ParsedYaml | undefined; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { version: "1.2", schema: "core", lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const name = basename(file);
  for (const error of doc.errors) {
    let pos = lineCounter.linePos(error.pos[0]);
    const firstLine = error.message.split("\n")[0] ?? error.message;
    // An unclosed quote is reported where the file ends; the line that opens it is the one to fix.
    const quote = /Missing closing "?(["'])?quote/i.test(firstLine) ? unclosedQuote(text) : undefined;
    if (quote) pos = quote;
    diagnostics.push(
      diag("meta/yaml", {
        message: `${firstLine.replace(/ at line \d+, column \d+:?$/, "")} (${name} must be YAML: \`field: value\` lines, lists with \`- \`${/compact mapping|mapping values|Implicit map keys/i.test(firstLine) ? '; a value holding ": " goes in quotes: title: "Part: Two"' : ""})`,
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
  const strings: YamlString[] = [];
  const walk = (node: unknown, path: Array<string | number>, isKey: boolean): void => {
    if (!isNode(node) || isAlias(node)) return; // an alias repeats a node already walked
    const n = node as Node;
    if (n.tag && !CORE_TAGS.has(n.tag)) {
      diagnostics.push(diag("meta/yaml-tag", {
        message: `${path.length ? `${path.join(".")}: ` : ""}the YAML tag "${shortTag(n.tag)}" is not allowed; metadata.yaml holds only text, numbers, true/false, lists and blocks (remove the tag)`,
        file, ...(n.range ? at(n.range[0]) : {}), ...(path.length ? { field: path.join(".") } : {}),
      }));
    }
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const keyValue = isScalar(k) ? k.value : undefined;
        const name = typeof keyValue === "string" || typeof keyValue === "number" ? keyValue : String(keyValue);
        const childPath = [...path, name];
        if (typeof name === "string" && RESERVED_KEYS.has(name)) {
          diagnostics.push(diag("meta/reserved-key", {
            message: `"${name}" cannot be a field name (it is reserved in JavaScript); rename the field`,
            file, ...(isNode(k) && k.range ? at(k.range[0]) : {}), field: childPath.join("."),
          }));
        }
        walk(k, childPath, true);
        walk(pair.value, childPath, false);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i], false));
    } else if (isScalar(n) && typeof n.value === "string" && n.range) {
      const [start, end] = n.range;
      const raw = text.slice(start, end);
      const value = n.value;
      strings.push({
        path, value, isKey,
        locate(index) {
          // The character itself when it is in the file; else the first escape (`\b`, `\uD800`).
          const ch = value[index] ?? "";
          const literal = ch ? raw.indexOf(ch) : -1;
          const escape = raw.indexOf("\\");
          return at(start + (literal >= 0 ? literal : escape >= 0 ? escape : 0));
        },
      });
    }
  };
  walk(doc.contents, [], false);
  if (diagnostics.length > 0) return { value: undefined, diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb (aliases of aliases, a billion copies): yaml stops it; say where and why.
    if (!(error instanceof ReferenceError)) throw error;
    const first = firstAlias(doc.contents);
    diagnostics.push(diag("meta/yaml", {
      message: `too many repeats through YAML aliases (*name): ${error.message.replace(/\.$/, "")}; write the values out instead`,
      file, ...(first?.range ? at(first.range[0]) : { line: 1, column: 1 }),
    }));
    return { value: undefined, diagnostics };
  }
  const value: ParsedYaml = {
    data,
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
    strings,
  };
  return { value, diagnostics };
}

/** The first alias (`*name`) in the document, for the position of an alias-count error. */
function firstAlias(node: unknown): Node | undefined {
  if (isAlias(node)) return node;
  if (isMap(node)) {
    for (const pair of node.items) {
      const found = isPair(pair) ? (firstAlias(pair.key) ?? firstAlias(pair.value)) : undefined;
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = firstAlias(item);
      if (found) return found;
    }
  }
  return undefined;
}
