/**
 * What last-lines.ts reads from a PDF besides its operators: stream contents decoded (Flate by
 * Node's zlib), literal and hex strings, text strings (ActualText) and fonts' ToUnicode CMaps.
 */
import { promisify } from "node:util";
import { inflate as inflateCallback, inflateSync } from "node:zlib";
import { decodePDFRawStream, PDFArray, PDFName, PDFRawStream, type PDFPage } from "pdf-lib";

// A literal string (escapes, no unescaped parentheses inside: pdf-writer escapes them) and a hex one.
const LITERAL = String.raw`\((?:\\[\s\S]|[^\\()])*\)`;
const HEX = "<[0-9A-Fa-f\\s]*>";
export const STRINGS = new RegExp(`${LITERAL}|${HEX}`, "g");

const inflate = promisify(inflateCallback);

/**
 * A stream's decoded bytes: Flate by Node's zlib on libuv's threads, several at once (pdf-lib's
 * own decoder, in JavaScript, took ~1 s for 800 pages; zlib on this thread ~85 ms, which held
 * back the EPUB finishing beside it).
 */
async function streamBytes(stream: unknown): Promise<Uint8Array | undefined> {
  return stream instanceof PDFRawStream && plainFlate(stream) ? inflate(stream.contents) : streamBytesNow(stream);
}

/** A stream with one Flate filter and no parameters (as typst writes them). */
const plainFlate = (stream: unknown): boolean => {
  if (!(stream instanceof PDFRawStream)) return false;
  const filter = stream.dict.lookup(PDFName.of("Filter"));
  return filter instanceof PDFName && filter.asString() === "/FlateDecode" && !stream.dict.has(PDFName.of("DecodeParms"));
};

/** The same on this thread, for the small streams (a font's ToUnicode CMap). */
export function streamBytesNow(stream: unknown): Uint8Array | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  if (plainFlate(stream)) return inflateSync(stream.contents);
  if (stream.dict.lookup(PDFName.of("Filter")) === undefined) return stream.contents;
  return decodePDFRawStream(stream).decode();
}

/** The page's content streams, decoded, one after another (a space between). */
export async function contentBytes(page: PDFPage): Promise<Buffer | undefined> {
  const contents = page.node.Contents();
  if (!contents) return Buffer.alloc(0);
  const parts = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const bytes: Uint8Array[] = [];
  for (const part of await Promise.all(parts.map(streamBytes))) {
    if (!part) return undefined;
    bytes.push(part);
  }
  const buffers = bytes.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers.flatMap((b) => [b, Buffer.from(" ")]));
}

export const hexBytes = (token: string): number[] => {
  const hex = token.slice(1, -1).replace(/\s+/g, "");
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2).padEnd(2, "0"), 16));
  return out;
};

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };

/** A literal string's bytes: `(\000\001)`, with its escapes. */
function literalBytes(token: string): number[] {
  const body = token.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      out.push(ch.charCodeAt(0) & 0xff);
      continue;
    }
    const next = body[i + 1] ?? "";
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
    if (octal) {
      out.push(parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else if (next === "\r" || next === "\n") {
      // A line continuation: nothing.
      i += next === "\r" && body[i + 2] === "\n" ? 2 : 1;
    } else {
      out.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return out;
}

export const stringBytes = (token: string): number[] => (token.startsWith("<") ? hexBytes(token) : literalBytes(token));

/** A text string (PDF 7.9.2.2): UTF-16BE after its byte-order mark, else one byte a character (PDFDocEncoding, as Latin-1 for the hyphens sought here). */
export const textString = (bytes: number[]): string => (bytes[0] === 0xfe && bytes[1] === 0xff ? utf16(bytes) : String.fromCharCode(...bytes));

/** UTF-16BE (with or without its byte-order mark), as ToUnicode targets and ActualText are written. */
export function utf16(bytes: number[]): string {
  const start = bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
  const units: number[] = [];
  for (let i = start; i + 1 < bytes.length; i += 2) units.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  return String.fromCharCode(...units);
}

/** A ToUnicode CMap's two-byte codes → text (bfchar and bfrange). */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const code = (token: string) => hexBytes(token).reduce((n, b) => n * 256 + b, 0);
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of (block[1] ?? "").matchAll(/(<[0-9A-Fa-f\s]*>)\s*(<[0-9A-Fa-f\s]*>)/g)) map.set(code(pair[1] as string), utf16(hexBytes(pair[2] as string)));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of (block[1] ?? "").matchAll(/(<[0-9A-Fa-f\s]*>)\s*(<[0-9A-Fa-f\s]*>)\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])/g)) {
      const lo = code(range[1] as string);
      const hi = code(range[2] as string);
      const target = range[3] as string;
      if (target.startsWith("[")) {
        const list = [...target.matchAll(/<[0-9A-Fa-f\s]*>/g)].map((m) => utf16(hexBytes(m[0])));
        for (let c = lo; c <= hi && c - lo < list.length; c++) map.set(c, list[c - lo] as string);
      } else {
        const first = hexBytes(target);
        for (let c = lo; c <= hi; c++) {
          const bytes = [...first];
          // The last byte counts up through the range.
          bytes[bytes.length - 1] = ((bytes[bytes.length - 1] as number) + (c - lo)) & 0xff;
          map.set(c, utf16(bytes));
        }
      }
    }
  }
  return map;
}
