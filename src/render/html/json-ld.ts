/**
 * schema.org metadata as JSON-LD, safe inside `<script type="application/ld+json">`: metadata is
 * untrusted, so `<`, `>`, `&` and the JavaScript line separators are written as `\u` escapes and
 * no string can close the script element.
 */
import type { Book, ContributorRole } from "../../model/book.js";

/** schema.org properties for contributor roles that have one. */
const ROLE_PROPERTY: Partial<Record<ContributorRole, string>> = {
  translator: "translator",
  editor: "editor",
  illustrator: "illustrator",
  contributor: "contributor",
  narrator: "readBy",
};

export function escapeJsonForHtml(json: string): string {
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** An article (one untitled section) is an Article; anything else is a Book. */
export function schemaType(book: Book): "Book" | "Article" {
  return book.sections.length === 1 && !book.sections[0]?.title ? "Article" : "Book";
}

export function jsonLd({ book, description }: { book: Book; description?: string }): string {
  const m = book.metadata;
  const type = schemaType(book);
  const person = (name: string) => ({ "@type": "Person", name });
  const data: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": type,
    name: m.title,
  };
  if (type === "Article") data.headline = m.title;
  if (m.subtitle) data.alternativeHeadline = m.subtitle;
  if (m.authors.length > 0) data.author = m.authors.map((a) => person(a.name));
  for (const [role, property] of Object.entries(ROLE_PROPERTY)) {
    const people = m.contributors.filter((c) => c.role === role);
    if (people.length > 0) data[property] = people.map((c) => person(c.name));
  }
  if (m.publisher) data.publisher = { "@type": "Organization", name: m.publisher };
  if (m.date) data.datePublished = m.date;
  data.dateModified = book.modified;
  data.inLanguage = m.language;
  if (m.identifier.scheme === "isbn" && type === "Book") data.isbn = m.identifier.value;
  data.identifier = m.identifier.urn;
  if (description) data.description = description;
  if (m.subjects.length > 0) data.keywords = m.subjects.join(", ");
  if (m.rights) data.copyrightNotice = m.rights;
  if (m.source) data.isBasedOn = m.source;
  return escapeJsonForHtml(JSON.stringify(data, null, 2));
}
