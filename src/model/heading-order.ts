/**
 * Heading levels that skip one (a `####` right under a `#`), told at the manuscript's line. Reading
 * systems build their navigation from the levels, and accessibility checkers flag the skip (Ace's
 * heading-order fails `--check full` on it, naming only the EPUB's inner file); the author fixes it
 * in the Markdown, so that is where the warning points. Headings inside block quotes and other
 * blocks count too: a reading system sees them as headings all the same.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import type { Block, Heading } from "./book.js";

const HEADING_TAG = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi;

/** The headings a block holds, in order: itself when it is one, else those inside it. */
function headingsIn(block: Block): Array<{ level: number; text: string }> {
  if (block.heading) return [{ level: block.heading.level, text: block.heading.text }];
  if (!/<h[1-6]\b/i.test(block.html)) return [];
  return [...block.html.matchAll(HEADING_TAG)].map((m) => ({ level: Number(m[1]), text: (m[2] ?? "").replace(/<[^>]*>/g, "").trim() }));
}

const marks = (level: number): string => "#".repeat(level);

/** One warning per skipping heading of a section; `title` is its level-1 opening, when it has one. */
export function headingSkips({ title, blocks }: { title?: Heading | undefined; blocks: readonly Block[] }): Diagnostic[] {
  const out: Diagnostic[] = [];
  let above: number | undefined = title?.level;
  for (const block of blocks) {
    for (const h of headingsIn(block)) {
      if (above !== undefined && h.level > above + 1) {
        const quoted = h.text.length > 60 ? `${h.text.slice(0, 57)}…` : h.text;
        out.push(diag("model/heading-skip", {
          message: `the heading "${quoted}" is level ${h.level} (${marks(h.level)}) under a level-${above} heading, so level ${above + 1} is skipped; reading systems' contents and accessibility checks (Ace: heading-order) expect each level to go one deeper at most`,
          file: block.sourceFile,
          ...(block.line !== undefined ? { line: block.line } : {}),
          hint: `Make it ${marks(above + 1)} (level ${above + 1}), or a bold paragraph if it is a label rather than a heading.`,
        }));
      }
      above = h.level;
    }
  }
  return out;
}
