/**
 * The top-level blocks of a section's polyglot HTML, each given an id when it has none, so the
 * print edition can find on which page each block starts (for the EPUB's page-list). The HTML is
 * well-formed XML (book.ts), so a tag scanner that tracks depth is exact here.
 */

export interface IndexedBlocks {
  html: string;
  /** ids[i] is the id of top-level element child i. */
  ids: string[];
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

export function indexBlocks({ html, prefix }: { html: string; prefix: string }): IndexedBlocks {
  const ids: string[] = [];
  let depth = 0;
  let out = "";
  let last = 0;
  for (const m of html.matchAll(TOKEN)) {
    const [whole, closing, name, attrs = "", selfClosing] = m;
    if (name === undefined) continue; // comment or CDATA
    if (closing) {
      depth--;
      continue;
    }
    if (depth === 0) {
      const existing = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);
      const id = existing ? (existing[1] ?? existing[2] ?? "") : `${prefix}${ids.length}`;
      ids.push(id);
      if (!existing) {
        const at = (m.index ?? 0) + 1 + name.length;
        out += html.slice(last, at) + ` id="${id}"`;
        last = at;
      }
    }
    if (!selfClosing) depth++;
    void whole;
  }
  return { html: out + html.slice(last), ids };
}
