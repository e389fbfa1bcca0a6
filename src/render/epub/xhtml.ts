/**
 * Small string-level helpers over the Book's polyglot XHTML. The Book guarantees well-formed
 * XML with quoted attributes and escaped `<`, so a tag scanner is enough: no DOM dependency.
 */

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
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


export { pathHref } from "../../model/attributes.js";
