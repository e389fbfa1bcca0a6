/** ISBN check digits, stable derived UUIDs (RFC 4122 version 5) and slugs. */
import { createHash } from "node:crypto";
import type { BookIdentifier } from "../model/book.js";

const UUID_RE = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export type IdentifierCheck = { ok: true; identifier: BookIdentifier } | { ok: false; reason: string };

/** Accepts an ISBN-10 or ISBN-13 (hyphens/spaces allowed, `urn:isbn:` or `ISBN` prefix) or a UUID. */
export function parseIdentifier(raw: string): IdentifierCheck {
  const text = raw.trim();
  const uuid = UUID_RE.exec(text);
  if (uuid?.[1]) {
    const value = uuid[1].toLowerCase();
    return { ok: true, identifier: { scheme: "uuid", value, urn: `urn:uuid:${value}`, derived: false } };
  }
  const compact = text.replace(/^(urn:isbn:|isbn(-1[03])?:?)/i, "").replace(/[\s-]/g, "").toUpperCase();
  if (/^\d{13}$/.test(compact)) {
    if (!/^97[89]/.test(compact)) return { ok: false, reason: `ISBN-13 "${raw}" must start with 978 or 979` };
    const expected = isbn13Check(compact.slice(0, 12));
    if (expected !== compact[12]) return { ok: false, reason: `ISBN "${raw}" has check digit ${compact[12]}, but its digits give ${expected}` };
    return { ok: true, identifier: { scheme: "isbn", value: compact, urn: `urn:isbn:${compact}`, derived: false } };
  }
  if (/^\d{9}[\dX]$/.test(compact)) {
    const expected = isbn10Check(compact.slice(0, 9));
    if (expected !== compact[9]) return { ok: false, reason: `ISBN "${raw}" has check digit ${compact[9]}, but its digits give ${expected}` };
    const as13 = "978" + compact.slice(0, 9);
    const value = as13 + isbn13Check(as13);
    return { ok: true, identifier: { scheme: "isbn", value, urn: `urn:isbn:${value}`, derived: false } };
  }
  return { ok: false, reason: `"${raw}" is neither an ISBN (10 or 13 digits with a valid check digit) nor a UUID` };
}

function isbn13Check(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isbn10Check(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? "X" : String(check);
}

// imprint's own namespace for derived book identifiers, chosen once.
// Fixed forever: changing it would change every derived book identifier.
const IMPRINT_NAMESPACE = "1d7e8a4c-5b5e-5a63-9d5e-1f3b0c2a9e41";

/** RFC 4122 v5 UUID: the same name always gives the same UUID, so rebuilding a book keeps its identity. */
export function uuidV5(name: string, namespace: string = IMPRINT_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The book's identity when the metadata gives no identifier: title and authors, nothing else. */
export function derivedIdentifier({ title, authors }: { title: string; authors: string[] }): BookIdentifier {
  const value = uuidV5(`${title.normalize("NFC")}\u0000${authors.map((a) => a.normalize("NFC")).join("\u0000")}`);
  return { scheme: "uuid", value, urn: `urn:uuid:${value}`, derived: true };
}

/**
 * ASCII, lowercase, hyphen-separated, filename-safe; never empty. Letters that do not decompose
 * into a Latin letter and marks are spelt out as their languages write them in ASCII ("Straße" →
 * strasse, "Ærø" → aero, "Łódź" → lodz), rather than dropped.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[æÆ]/g, "ae")
    .replace(/[œŒ]/g, "oe")
    .replace(/[øØ]/g, "o")
    .replace(/[đĐðÐ]/g, "d")
    .replace(/[łŁ]/g, "l")
    .replace(/[þÞ]/g, "th")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/['’‘]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || "book";
}

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
