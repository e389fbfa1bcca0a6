/**
 * Fidelity: every heading and paragraph of the manuscript appears word for word, in order, in an
 * edition's text, and the editorial note exactly once. Only whitespace and soft hyphens are
 * forgiven (and, in a PDF, what a page shows around its text); quotes, dashes and ellipses never
 * are, since keeping them is the promise being checked.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { parsePlainText } from "../import/plain-text.js";
import { findAll, findFirst, longestPrefix, prepareEdition, type PreparedEdition } from "./text-match.js";

export interface ExpectedBlock {
  kind: "heading" | "paragraph";
  text: string;
  /** Line in the source file, for messages. */
  line?: number;
}

export interface ExpectedText {
  editorialNote?: string;
  blocks: ExpectedBlock[];
  /** The manuscript file the expectation came from, for messages. */
  sourceFile?: string;
}

export type EditionKind = "html" | "epub" | "pdf";

/** What a plain-text manuscript promises, by the same rules `imprint import` uses. */
export function expectedTextFromPlainText(options: { text: string; editorialNote: "first" | "none" }): ExpectedText {
  const doc = parsePlainText(options);
  const blocks = doc.blocks.map((b) => ({ kind: b.kind, text: b.text, line: b.line }));
  return doc.editorialNote ? { editorialNote: doc.editorialNote.text, blocks } : { blocks };
}

const excerpt = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Checks one edition's text against the expectation; [] when it holds. */
export function checkFidelity(options: { expected: ExpectedText; editionText: string; edition: EditionKind }): Diagnostic[] {
  const { expected, edition } = options;
  const prepared = prepareEdition({ text: options.editionText, paged: edition === "pdf" });
  const diagnostics: Diagnostic[] = [];
  const problem = (block: { text: string; line?: number } | undefined, message: string): void => {
    diagnostics.push(
      diag("check/fidelity", {
        message: `${edition} edition: ${message}`,
        ...(expected.sourceFile !== undefined ? { file: expected.sourceFile } : {}),
        ...(block?.line !== undefined ? { line: block.line } : {}),
      }),
    );
  };

  if (expected.editorialNote !== undefined) {
    const count = findAll(prepared, expected.editorialNote).length;
    if (count !== 1) {
      problem(undefined, `the editorial note appears ${count} times, not once ("${excerpt(expected.editorialNote)}")`);
    }
  }

  // Paragraphs first, in order; each heading must then sit between its neighbouring paragraphs
  // (so a heading found only in the contents page does not count).
  const spans = new Map<number, { start: number; end: number }>();
  let from = 0;
  expected.blocks.forEach((block, index) => {
    if (block.kind !== "paragraph") return;
    const hit = findFirst(prepared, block.text, from);
    if (hit) {
      spans.set(index, hit);
      from = hit.end;
    } else {
      problem(block, `paragraph ${describe(prepared, block.text, from)}`);
    }
  });
  expected.blocks.forEach((block, index) => {
    if (block.kind !== "heading") return;
    let lower = 0;
    let upper = prepared.text.length;
    for (let k = index - 1; k >= 0; k--) {
      const s = spans.get(k);
      if (s) {
        lower = s.end;
        break;
      }
    }
    for (let k = index + 1; k < expected.blocks.length; k++) {
      const s = spans.get(k);
      if (s) {
        upper = s.start;
        break;
      }
    }
    const inside = findAll(prepared, block.text, lower).filter((h) => h.end <= upper);
    if (inside.length === 0) problem(block, `heading ${describe(prepared, block.text, lower)}`);
  });
  return diagnostics;
}

/** "“…” is missing or changed; the closest text reads “…”" — where the best attempt diverged. */
function describe(prepared: PreparedEdition, text: string, from: number): string {
  const best = longestPrefix(prepared, text, from);
  const want = `"${excerpt(text)}"`;
  if (best.matched === 0) return `${want} is missing`;
  const at = text.slice(Math.max(0, best.matched - 20), best.matched + 20);
  const found = prepared.text.slice(best.editionAt, best.editionAt + 30).replace(/\n/g, "⏎");
  return `${want} is changed: after ${best.matched} matching characters the manuscript reads "${at}" where the edition has "${found}"`;
}
