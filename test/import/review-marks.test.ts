import { describe, expect, it } from "vitest";
import type { Json } from "../../src/import/pandoc-ast.js";
import { applyReviewMarks } from "../../src/import/review-marks.js";

const str = (c: string): Json => ({ t: "Str", c });
const span = (cls: string, content: Json[] = []): Json => ({ t: "Span", c: [["", [cls], [["author", "A"]]], content] });

describe("applyReviewMarks on pandoc's --track-changes=all shapes", () => {
  it("a deleted paragraph mark joins the paragraph with the next; an inserted one just goes", () => {
    const blocks: Json = [
      { t: "Para", c: [str("One"), span("paragraph-deletion")] },
      { t: "Para", c: [str("two."), span("paragraph-insertion")] },
      { t: "Para", c: [str("Three.")] },
    ];
    const counts = applyReviewMarks({ blocks, comments: "drop" });
    expect(blocks).toEqual([{ t: "Para", c: [str("One"), str("two.")] }, { t: "Para", c: [str("Three.")] }]);
    expect(counts).toEqual({ comments: 0, insertions: 0, deletions: 0 });
  });

  it("a paragraph that was wholly deleted disappears; changes inside notes and lists are applied too", () => {
    const blocks: Json = [
      { t: "Para", c: [span("deletion", [str("Gone.")])] },
      { t: "BulletList", c: [[{ t: "Plain", c: [str("a"), span("insertion", [str("b")]), { t: "Note", c: [{ t: "Para", c: [span("deletion", [str("x")]), str("y")] }] }] }]] },
    ];
    const counts = applyReviewMarks({ blocks, comments: "drop" });
    expect(blocks).toEqual([{ t: "BulletList", c: [[{ t: "Plain", c: [str("a"), str("b"), { t: "Note", c: [{ t: "Para", c: [str("y")] }] }] }]] }]);
    expect(counts).toEqual({ comments: 0, insertions: 1, deletions: 2 });
  });
});
