/**
 * Editions kept between rebuilds of one session, keyed by what decides them: the Book (assets by
 * their hash), the templates that edition reads, the print engine, and (for the EPUB) the print
 * edition's page starts. Saving web.css re-renders only the HTML; a paragraph edit re-renders
 * all three; touching an unrelated file re-renders nothing. One entry per edition, so memory
 * stays that of one set of editions.
 */
import { createHash } from "node:crypto";
import type { RenderCache } from "../build.js";
import type { Format } from "../formats.js";
import type { Book } from "../model/book.js";
import type { TargetResult } from "../render/targets.js";
import type { Templates } from "../render/templates.js";

/** Whether a template (by name) feeds an edition: per-edition files by prefix, the rest are shared partials. */
export function templateFeeds({ name, format }: { name: string; format: Format }): boolean {
  if (name.startsWith("epub") || name === "cover.liquid") return format === "epub";
  if (name.startsWith("print")) return format === "pdf";
  if (name.startsWith("web")) return format === "html";
  if (name === "cover-wrap.liquid") return false;
  return true;
}

const bookDigests = new WeakMap<Book, string>();

/** A digest of the whole Book; bytes (assets) enter by their own hash, so the JSON stays small. */
export function bookDigest(book: Book): string {
  let digest = bookDigests.get(book);
  if (!digest) {
    const json = JSON.stringify(book, (_key, value: unknown) => (value instanceof Uint8Array ? createHash("sha256").update(value).digest("hex") : value));
    digest = createHash("sha256").update(json).digest("hex");
    bookDigests.set(book, digest);
  }
  return digest;
}

function templatesDigest({ templates, format }: { templates: Templates; format: Format }): string {
  const hash = createHash("sha256");
  for (const name of templates.names()) if (templateFeeds({ name, format })) hash.update(name).update("\0").update(templates.text(name)).update("\0");
  return hash.digest("hex");
}

export function memoryRenderCache(): RenderCache & { hits: number; misses: number } {
  const entries = new Map<Format, { key: string; result: TargetResult }>();
  const keyOf: (input: Parameters<RenderCache["get"]>[0]) => string = ({ format, engine, book, templates, pageStarts }) =>
    createHash("sha256")
      .update(JSON.stringify([format, engine, bookDigest(book), templatesDigest({ templates, format }), pageStarts ?? null]))
      .digest("hex");
  const cache = {
    hits: 0,
    misses: 0,
    get(input: Parameters<RenderCache["get"]>[0]) {
      const entry = entries.get(input.format);
      const hit = entry && entry.key === keyOf(input) ? entry.result : undefined;
      if (hit) cache.hits++;
      else cache.misses++;
      return hit;
    },
    set(input: Parameters<RenderCache["set"]>[0], result: TargetResult) {
      entries.set(input.format, { key: keyOf(input), result });
    },
  };
  return cache;
}
