/**
 * A sound text layer for Chromium's PDF. Our hyphenation pass puts a soft hyphen (U+00AD) at every
 * break point; Chromium (Skia) draws each unbroken one as the font's space glyph with zero advance,
 * wrapped in `/Span <</ActualText <FEFF00AD>>> BDC … EMC`. So poppler extracts `pub\u00adlish`, and
 * viewers that ignore ActualText (pdf.js) read the glyph's ToUnicode entry: a space, `pub lish`.
 * A soft hyphen where the line broke is drawn as a separate, visible U+2010 glyph (its own span),
 * so the invisible ones carry no text at all: this removes their glyph-showing operators and the
 * span around them, keeping every positioning operator so no other glyph moves; a ligature drawn
 * across a break point keeps its span, minus the U+00AD in its ActualText. Form XObjects
 * (nested content) are cleaned the same way. Nothing else in the streams is touched.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFDocument } from "pdf-lib";

/** A soft-hyphen span (ActualText as UTF-16BE hex, any case, or the literal byte string). */
const SOFT_HYPHEN_SPAN = /\/Span\s*<<\s*\/ActualText\s*(?:<\s*(?:feff)?00ad\s*>|\(\\255\)|\(\xad\))\s*>>\s*BDC([\s\S]*?)EMC/gi;
/** Glyph-showing operators: `<hex> Tj`, `(str) Tj`, `[…] TJ`, `' `/`"` variants. */
const SHOW = /(?:<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))\s*(?:Tj|'|")|\[[^\]]*\]\s*TJ/g;

export function cleanContent(content: string): { content: string; removed: number } {
  let removed = 0;
  const out = content.replace(SOFT_HYPHEN_SPAN, (whole, inner: string) => {
    // A nested marked-content sequence would lose its EMC to the lazy match: leave such a span alone.
    if (/\b(?:BDC|BMC)\b/.test(inner)) return whole;
    removed++;
    return inner.replace(SHOW, "");
  });
  // A ligature drawn across a break point (ff, ffi, ft) carries the soft hyphen inside its ActualText.
  const ligatures = out.replace(/\/ActualText\s*<\s*([0-9a-fA-F\s]+)>/g, (whole, hex: string) => {
    const units = hex.replace(/\s+/g, "").match(/.{4}/g) ?? [];
    const kept = units.filter((u) => u.toLowerCase() !== "00ad");
    if (kept.length === units.length) return whole;
    removed += units.length - kept.length;
    return `/ActualText <${kept.join("")}>`;
  });
  return { content: ligatures, removed };
}

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

function cleanStream({ doc, ref, seen }: { doc: PDFDocument; ref: PDFRef; seen: Set<string> }): number {
  if (seen.has(ref.toString())) return 0;
  seen.add(ref.toString());
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) return 0;
  let removed = 0;
  // A Form XObject's own resources may hold further forms.
  removed += cleanResources({ doc, resources: stream.dict.lookupMaybe(PDFName.of("Resources"), PDFDict), seen });
  const filter = stream.dict.get(PDFName.of("Filter"));
  if (filter && !(filter instanceof PDFName && filter.asString() === "/FlateDecode")) return removed;
  const decoded = latin1(filter ? decodePDFRawStream(stream).decode() : stream.contents);
  const result = cleanContent(decoded);
  if (result.removed === 0) return removed;
  const replacement = doc.context.flateStream(Buffer.from(result.content, "latin1"));
  for (const [key, value] of stream.dict.entries()) {
    const k = key.asString();
    if (k !== "/Filter" && k !== "/Length" && k !== "/DecodeParms") replacement.dict.set(key, value);
  }
  doc.context.assign(ref, replacement);
  return removed + result.removed;
}

function cleanResources({ doc, resources, seen }: { doc: PDFDocument; resources: PDFDict | undefined; seen: Set<string> }): number {
  const xobjects = resources?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  if (!xobjects) return 0;
  let removed = 0;
  for (const [, value] of xobjects.entries()) {
    if (!(value instanceof PDFRef)) continue;
    const x = doc.context.lookup(value);
    if (x instanceof PDFStream && x.dict.get(PDFName.of("Subtype"))?.toString() === "/Form") removed += cleanStream({ doc, ref: value, seen });
  }
  return removed;
}

/** Removes every invisible soft hyphen from the pages' text; returns how many. */
export function removeSoftHyphens({ doc }: { doc: PDFDocument }): number {
  const seen = new Set<string>();
  let removed = 0;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of("Contents"));
    const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray().filter((r): r is PDFRef => r instanceof PDFRef) : [];
    const direct = contents instanceof PDFRef ? doc.context.lookup(contents) : undefined;
    if (direct instanceof PDFArray) refs.push(...direct.asArray().filter((r): r is PDFRef => r instanceof PDFRef));
    for (const ref of refs) removed += cleanStream({ doc, ref, seen });
    removed += cleanResources({ doc, resources: page.node.Resources(), seen });
  }
  return removed;
}
