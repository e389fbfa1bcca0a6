/**
 * A heading with no words (`## ` alone; Word's empty Heading 2 paragraphs import as one) would be
 * an empty entry in the contents, the EPUB navigation (which EPUBCheck refuses: RSC-005) and the
 * PDF bookmarks. pandoc writes it as an empty <h2>; here it is left out, with a warning, as it
 * has nothing to show. One with an image keeps it.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import type { Block } from "./book.js";

export function dropEmptyHeadings({ blocks }: { blocks: readonly Block[] }): { blocks: Block[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const kept: Block[] = [];
  for (const block of blocks) {
    if (block.heading && block.heading.text.trim() === "" && block.images.length === 0) {
      const before = kept.at(-1)?.text;
      const where = before ? ` after "${before.length > 40 ? `${before.slice(0, 39)}…` : before}"` : " at the start of the file";
      diagnostics.push(diag("model/empty-heading", {
        message: `an empty level-${block.heading.level} heading (${"#".repeat(block.heading.level)} with no text)${where} is left out of every edition`,
        file: block.sourceFile,
        ...(block.line !== undefined ? { line: block.line } : {}),
        hint: "Give the heading its text, or delete the line.",
      }));
      continue;
    }
    kept.push(block);
  }
  return { blocks: kept, diagnostics };
}
