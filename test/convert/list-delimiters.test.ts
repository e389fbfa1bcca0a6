/**
 * An ordered list's delimiter, `a)` or `(1)`, reaches the fragment as a class on the list (pandoc's
 * HTML writer alone drops it): on both backends, through imprint's own Lua filter, with no warning.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertMarkdown, type PandocBackend } from "../../src/convert/index.js";
import { keepListDelimiters, mayHaveDelimitedLists } from "../../src/convert/list-delimiters.js";
import { parseFragment, serialize } from "../../src/convert/dom.js";
import { BOOKS_DIR } from "../helpers/books.js";
import { bothBackends } from "./helpers.js";

const text = readFileSync(join(BOOKS_DIR, "list-delimiters", "01-text.md"), "utf8");
const backends = bothBackends();

/** Each list's opening tag, as `type class` (start too when given). */
function lists(html: string): string[] {
  return [...html.matchAll(/<ol\b([^>]*)>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1] ?? "")?.[1];
    return [attr("start"), attr("type"), attr("class")].filter(Boolean).join(" ");
  });
}

describe.each(["native", "wasm"] as const)("%s pandoc", (name) => {
  it("marks each list delimited by parentheses with its style and delimiter, and only those", async () => {
    const out = await convertMarkdown({ pandoc: backends[name] as PandocBackend, request: { markdown: text, sourceFile: "01-text.md", idPrefix: "s1-", timeoutMs: 30_000 } });
    expect(out.diagnostics).toEqual([]);
    const html = out.fragment?.blocks.map((b) => b.html).join("\n") ?? "";
    expect(lists(html)).toEqual([
      "a list-lower-alpha-paren",
      "1 list-decimal-parens",
      "i list-lower-roman-paren",
      "A list-upper-alpha-parens",
      "3 1 list-decimal-paren",
      "1",
    ]);
    // No marked div is left, and the manuscript's own division keeps its class.
    expect(html.match(/<div class="imprint-list-[^"]*"/g)).toEqual(['<div class="imprint-list-decimal-paren"']);
    expect(html).toContain("A division of the manuscript’s own");
  });
});

describe("the check before the filter", () => {
  it("asks for it only where a line may start such an item", () => {
    for (const yes of ["a) x", "(1) x", "  iv) x", "> (b) quoted", "#) x", "10) x"]) expect(mayHaveDelimitedLists(`Text.\n\n${yes}\n`), yes).toBe(true);
    for (const no of ["1. x", "a. x", "See (1) above.", "f(x) = y", "(note)"]) expect(mayHaveDelimitedLists(`Text.\n\n${no}\n`), no).toBe(false);
  });

  it("moves a mark only from a division around a single list", () => {
    const root = parseFragment('<div class="imprint-list-decimal-paren"><ol type="1" class="x"><li>a</li></ol></div><div class="imprint-list-decimal-paren"><ol><li>a</li></ol><p>b</p></div>');
    keepListDelimiters(root);
    expect(serialize(root.children)).toBe('<ol type="1" class="x list-decimal-paren"><li>a</li></ol><div class="imprint-list-decimal-paren"><ol><li>a</li></ol><p>b</p></div>');
  });
});
