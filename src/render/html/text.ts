/** Small text helpers for the page's metadata (description, author line, Open Graph locale). */
import type { Book } from "../../model/book.js";

/** The metadata's description, or the text's opening words cut at a word boundary. */
export function describe(book: Book, maxLength = 200): string | undefined {
  if (book.metadata.description) return book.metadata.description;
  const first = book.sections[0];
  if (!first) return undefined;
  const text = first.blocks.map((b) => b.text).join(" ").replace(/\s+/g, " ").trim();
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
