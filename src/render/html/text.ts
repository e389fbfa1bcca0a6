/** Small text helpers for the page's metadata (description, author line, Open Graph locale). */
import type { Book } from "../../model/book.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** The text of polyglot HTML: tags dropped, the XML entities and numeric references decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref.startsWith("#x") || ref.startsWith("#X")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      return ENTITIES[ref.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** The metadata's description, or the text's opening words cut at a word boundary. */
export function describe(book: Book, maxLength = 200): string | undefined {
  if (book.metadata.description) return book.metadata.description;
  const first = book.sections[0];
  if (!first) return undefined;
  const text = plainText(first.html);
  if (text.length <= maxLength) return text || undefined;
  const cut = text.slice(0, maxLength);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[], and = "and"): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1] ?? ""}`;
}

/** Open Graph wants `en_US`, not `en-US`; a bare language stays as it is. */
export function ogLocale(language: string): string {
  const [lang, region] = language.split("-");
  return region && /^[A-Za-z]{2}$/.test(region) ? `${lang ?? ""}_${region.toUpperCase()}` : (lang ?? language);
}
