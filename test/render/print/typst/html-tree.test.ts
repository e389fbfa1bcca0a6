// The typst template's view of a block's HTML (src/render/print/typst/html-tree.ts): what it keeps
// of the text, and what it drops as layout.
import { describe, expect, it } from "vitest";
import { htmlTree, MAX_TREE_DEPTH, type TreeNode } from "../../../../src/render/print/typst/html-tree.js";

describe("htmlTree", () => {
  it("drops the line ends around a loose definition's or list item's paragraphs, not word spaces", () => {
    // pandoc's loose definition list: a paragraph of one space above and below "red fruit" otherwise.
    expect(htmlTree("<dl>\n<dt>apple</dt>\n<dd>\n<p>red fruit</p>\n</dd>\n</dl>")).toEqual([
      { tag: "dl", attrs: {}, children: [{ tag: "dt", attrs: {}, children: ["apple"] }, { tag: "dd", attrs: {}, children: [{ tag: "p", attrs: {}, children: ["red fruit"] }] }] },
    ]);
    expect(htmlTree("<ul>\n<li><p>one</p>\n<p>two</p></li>\n</ul>")[0]).toEqual({ tag: "ul", attrs: {}, children: [{ tag: "li", attrs: {}, children: [{ tag: "p", attrs: {}, children: ["one"] }, { tag: "p", attrs: {}, children: ["two"] }] }] });
    expect(htmlTree("<dd><em>red</em> <em>fruit</em></dd>")[0]).toEqual({ tag: "dd", attrs: {}, children: [{ tag: "em", attrs: {}, children: ["red"] }, " ", { tag: "em", attrs: {}, children: ["fruit"] }] });
  });

  it("keeps the word space between inline pieces in a div, and drops the line ends at its edges", () => {
    expect(htmlTree("<div><span>one</span> <span>two</span></div>")[0]).toEqual({ tag: "div", attrs: {}, children: [{ tag: "span", attrs: {}, children: ["one"] }, " ", { tag: "span", attrs: {}, children: ["two"] }] });
    expect(htmlTree("<div>\nthree\n</div>")[0]).toEqual({ tag: "div", attrs: {}, children: ["three"] });
  });

  it("starts the line after a hard break without a space", () => {
    expect(htmlTree("<p>A line<br />\nbreak.</p>")[0]).toEqual({ tag: "p", attrs: {}, children: ["A line", { tag: "br", attrs: {}, children: [] }, "break."] });
  });

  it("keeps an ordered list's numbering type and start", () => {
    expect(htmlTree('<ol start="3" type="i"><li>x</li></ol>')[0]).toMatchObject({ tag: "ol", attrs: { start: "3", type: "i" } });
  });

  it("keeps a cell's or paragraph's text-align as align, and no other style", () => {
    expect(htmlTree('<td style="text-align: right;">12</td>')[0]).toMatchObject({ tag: "td", attrs: { align: "right" } });
    expect(htmlTree('<p style="color: red; text-align:center">x</p>')[0]).toEqual({ tag: "p", attrs: { align: "center" }, children: ["x"] });
    expect(htmlTree('<p style="color: red">x</p>')[0]).toEqual({ tag: "p", attrs: {}, children: ["x"] });
  });

  it("sets elements deeper than MAX_TREE_DEPTH as their plain text, every word kept", () => {
    const html = "<blockquote>".repeat(40) + "<p>the <em>innermost</em> words</p>" + "</blockquote>".repeat(40);
    const depth = (n: TreeNode): number => (typeof n === "string" ? 0 : 1 + Math.max(0, ...n.children.map(depth)));
    const text = (n: TreeNode): string => (typeof n === "string" ? n : n.children.map(text).join(""));
    const [tree] = htmlTree(html);
    expect(tree).toBeDefined();
    expect(depth(tree as TreeNode)).toBe(MAX_TREE_DEPTH);
    expect(text(tree as TreeNode).replace(/\s+/g, " ").trim()).toBe("the innermost words");
  });
});
