/**
 * An ordered list's delimiter, `a)` or `(a)`, which pandoc's HTML writer drops (`a)` came out as
 * `<ol type="a">`, read as "a." in every edition). imprint's own Lua filter wraps such a list in a
 * marked div; the fragment puts the mark on the list itself as a class (`list-lower-alpha-paren`),
 * which base.css turns into counter styles and templates/typst/html.typ into typst numbering.
 * The filter runs only on a text that may hold such a list: it costs each pandoc run its Lua start.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Element, elements, type ParentNode, unwrap } from "./dom.js";

export interface LuaFilter {
  /** A plain file name, unique among imprint's filters. */
  name: string;
  text: string;
}

export const LIST_DELIMITER_FILTER: LuaFilter = {
  name: "imprint-list-delimiters.lua",
  text: `-- imprint: keeps an ordered list's delimiter, a) or (a), as the class of a div around it.
local styles = { Decimal = "decimal", DefaultStyle = "decimal", Example = "decimal", LowerAlpha = "lower-alpha", UpperAlpha = "upper-alpha", LowerRoman = "lower-roman", UpperRoman = "upper-roman" }
local delimiters = { OneParen = "paren", TwoParens = "parens" }
function OrderedList(el)
  local a = el.listAttributes
  local d = delimiters[tostring(a.delimiter)]
  if d == nil then return nil end
  return pandoc.Div({ el }, pandoc.Attr("", { "imprint-list-" .. (styles[tostring(a.style)] or "decimal") .. "-" .. d }))
end
`,
};

/** The classes a list may end with (base.css and html.typ know each). */
const LIST_STYLES = ["decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman"] as const;
const MARK = new RegExp(`^imprint-list-(${LIST_STYLES.join("|")})-(paren|parens)$`);

/**
 * True when a line may start an ordered-list item delimited by parentheses: `1)`, `a)`, `(iv)`,
 * `#)` (pandoc's fancy_lists). Lines of code blocks match too; the filter then finds no list.
 */
export function mayHaveDelimitedLists(markdown: string): boolean {
  return /^[ \t>]*\(?(?:[0-9]{1,9}|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)\)[ \t]/m.test(markdown);
}

/** Each marked div around a list gives its mark to the list, as `list-STYLE-paren(s)`, and goes. */
export function keepListDelimiters(root: ParentNode): void {
  for (const div of elements(root)) {
    if (div.name !== "div") continue;
    const mark = MARK.exec(div.attribs.class ?? "");
    const inner = div.children.filter((c): c is Element => c instanceof Element);
    const ol = inner[0];
    if (!mark || inner.length !== 1 || !ol || ol.name !== "ol") continue;
    ol.attribs.class = [ol.attribs.class, `list-${mark[1]}-${mark[2]}`].filter(Boolean).join(" ");
    unwrap(div);
  }
}

let written: { dir: string; paths: Map<string, string> } | undefined;
/** The filter as a file for native pandoc: written once per process, into a folder of its own, removed at exit. */
export function luaFilterPath(filter: LuaFilter): string {
  if (!written) {
    const dir = mkdtempSync(join(tmpdir(), "imprint-lua-"));
    written = { dir, paths: new Map() };
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  let path = written.paths.get(filter.name);
  if (!path) {
    path = join(written.dir, filter.name);
    writeFileSync(path, filter.text);
    written.paths.set(filter.name, path);
  }
  return path;
}
