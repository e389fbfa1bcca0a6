/**
 * Small string-level helpers over the Book's polyglot XHTML. The Book guarantees well-formed
 * XML with quoted attributes and escaped `<`, so a tag scanner is enough: no DOM dependency.
 */

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Offsets in `html` where each top-level element starts, in order. */
export function topLevelElementOffsets(html: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith("<![CDATA[", lt)) {
      const end = html.indexOf("]]>", lt);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const end = tagEnd(html, lt);
    const tag = html.slice(lt, end);
    if (tag.startsWith("</")) depth -= 1;
    else if (tag.startsWith("<!") || tag.startsWith("<?")) {
      /* doctype or processing instruction: not an element */
    } else {
      if (depth === 0) offsets.push(lt);
      if (!tag.endsWith("/>")) depth += 1;
    }
    i = end;
  }
  return offsets;
}

/** Index just past the `>` closing the tag that starts at `start`, skipping quoted values. */
function tagEnd(html: string, start: number): number {
  let quote: string | undefined;
  for (let i = start + 1; i < html.length; i++) {
    const ch = html[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return i + 1;
  }
  return html.length;
}

/** Inserts `markup` before the top-level elements at the given indexes (out-of-range ignored). */
export function insertBeforeBlocks(html: string, inserts: Array<{ blockIndex: number; markup: string }>): string {
  if (inserts.length === 0) return html;
  const offsets = topLevelElementOffsets(html);
  const at = new Map<number, string>();
  for (const { blockIndex, markup } of inserts) {
    const offset = offsets[blockIndex];
    if (offset === undefined) continue;
    at.set(offset, (at.get(offset) ?? "") + markup);
  }
  let out = "";
  let last = 0;
  for (const offset of [...at.keys()].sort((a, b) => a - b)) {
    out += html.slice(last, offset) + (at.get(offset) ?? "");
    last = offset;
  }
  return out + html.slice(last);
}

export interface ImageRef {
  src: string;
  alt: string | undefined;
}

/** Every `<img>` in the html with its src and alt (undefined when the attribute is absent). */
export function findImages(html: string): ImageRef[] {
  const images: ImageRef[] = [];
  for (const match of html.matchAll(/<img\b[^>]*>/g)) {
    const tag = match[0];
    images.push({ src: attribute(tag, "src") ?? "", alt: attribute(tag, "alt") });
  }
  return images;
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3] ?? "") : undefined;
}

/** Adds `epub:type="noteref"` to the Book's note references so reading systems pop notes up. */
export function markNoteRefs(html: string): string {
  return html.replace(/<a\b([^>]*\bclass="noteref"[^>]*)>/g, (tag, attrs: string) =>
    attrs.includes("epub:type=") ? tag : `<a epub:type="noteref"${attrs}>`,
  );
}

/** True when the html holds inline SVG (the manifest item then needs `properties="svg"`). */
export function hasInlineSvg(html: string): boolean {
  return /<svg[\s>]/.test(html);
}

