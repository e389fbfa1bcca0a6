/**
 * The Rust book's `<Listing number="4-1" file-name="src/main.rs" caption="…">` … `</Listing>`
 * (mdBook's trpl preprocessor) around a code block. No edition knows the element, and the
 * sanitiser would drop it with its number and caption, which the text refers to ("Listing 4-1
 * shows…"). It becomes a figure instead, as the preprocessor makes it: the file name above the
 * code, "Listing 4-1: caption" below, inline `code` in the caption kept as code.
 */
import { elements, escapeText, parseFragment } from "./dom.js";

const TAG = /<(\/?)listing\b[^>]*>/gi;

/** A caption's text as HTML: escaped, its `backticked` spans as code. */
function captionHtml(text: string): string {
  return text.split(/(`[^`]+`)/).map((part) => (/^`[^`]+`$/.test(part) ? `<code>${escapeText(part.slice(1, -1))}</code>` : escapeText(part))).join("");
}

export function mdbookListings(html: string): string {
  if (!/<listing\b/i.test(html)) return html;
  const open: string[] = [];
  return html.replace(TAG, (tag: string, closing: string) => {
    if (closing) {
      const caption = open.pop();
      return caption === undefined ? "" : `${caption}</figure>`;
    }
    // The tag's attributes as an HTML parser reads them (entities decoded).
    const values: Record<string, string> = elements(parseFragment(`${tag}</listing>`))[0]?.attribs ?? {};
    const label = [values.number ? `Listing ${values.number}` : "", values.caption ?? ""].filter(Boolean).join(": ");
    open.push(label ? `<figcaption>${captionHtml(label)}</figcaption>` : "");
    return `<figure class="listing">${values["file-name"] ? `<p class="file-name">Filename: ${escapeText(values["file-name"])}</p>` : ""}`;
  });
}
