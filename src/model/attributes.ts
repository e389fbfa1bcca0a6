/**
 * Attribute rewriting over the Book's polyglot HTML. In polyglot HTML every `<` of text is
 * escaped (`&lt;`), and so is every `<` and `>` inside attribute values, so each `<…>` is a real
 * tag: rewriting inside tags only can never touch text, code samples included.
 */

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=/>]+="[^"]*")*)(\s*\/?)>/g;
const ATTR = /\s+([^\s=/>]+)="([^"]*)"/g;

const decode = (v: string): string => v.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const encode = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Calls `rewrite` for every attribute of every tag; it returns the new (decoded) value, the same
 * value to keep it, or `null` to drop the attribute.
 */
export function rewriteAttributes({ html, rewrite }: { html: string; rewrite: (tag: string, name: string, value: string) => string | null }): string {
  return html.replace(TAG, (whole, tag: string, attrs: string, end: string) => {
    let changed = false;
    const out = attrs.replace(ATTR, (a, name: string, raw: string) => {
      const value = decode(raw);
      const next = rewrite(tag.toLowerCase(), name, value);
      if (next === value) return a;
      changed = true;
      return next === null ? "" : ` ${name}="${encode(next)}"`;
    });
    return changed ? `<${tag}${out}${end}>` : whole;
  });
}

/** A book-relative file path as a URL: spaces, `#` and `?` in file names percent-encoded. */
export function pathHref(path: string): string {
  return encodeURI(path).replace(/#/g, "%23").replace(/\?/g, "%3F");
}

/** `decodeURIComponent`, or the value as it is when it is not valid percent-encoding. */
export function decodeUriPart(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** An id fit for every edition: ASCII letters, digits and hyphens (PDF destinations, XML names). */
export function asciiId(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/ß/g, "ss")
    .replace(/[æÆ]/g, "ae")
    .replace(/[øØ]/g, "o")
    .replace(/[đĐ]/g, "d")
    .replace(/[łŁ]/g, "l")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}
