/**
 * The OCF container as a deterministic zip: `mimetype` first and STORED (no extra field), then the
 * entries in the order given, every entry dated `modified` (clamped to 1980, the DOS epoch), fixed
 * compression level (fonts and images stored as they are). jszip writes DOS dates from the Date's UTC fields, so the time zone of the
 * build machine does not reach the bytes (a test runs this under two TZ values).
 */
import { JSZip, prepareEntry } from "../../zip-entries.js";

export interface ZipEntry {
  /** Path inside the container, e.g. "EPUB/package.opf". */
  path: string;
  bytes: Uint8Array | string;
}

/** Entries written as they are (already compressed formats). */
const STORED = /\.(woff2?|png|jpe?g|gif|webp|avif|mp3|mp4|m4a|ogg|opus|webm)$/i;

const DOS_EPOCH_MS = Date.UTC(1980, 0, 1, 0, 0, 0);
/** DOS dates stop at 2107; clamp there too so a far-future SOURCE_DATE_EPOCH cannot wrap. */
const DOS_END_MS = Date.UTC(2107, 11, 31, 23, 59, 58);

export function zipDate(modified: string): Date {
  const ms = Date.parse(modified);
  const safe = Number.isNaN(ms) ? DOS_EPOCH_MS : Math.min(Math.max(ms, DOS_EPOCH_MS), DOS_END_MS);
  return new Date(safe);
}

export async function zipEpub({ entries, modified }: { entries: ZipEntry[]; modified: string }): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = zipDate(modified);
  zip.file("mimetype", "application/epub+zip", { compression: "STORE", date, createFolders: false });
  // Fonts and images are compressed already: deflating them again costs time and saves nothing.
  // The rest is deflated by Node's zlib, off the main thread (src/zip-entries.ts).
  const prepared = await Promise.all(entries.map((entry) => prepareEntry({ bytes: entry.bytes, store: STORED.test(entry.path) })));
  entries.forEach((entry, i) => {
    const p = prepared[i] as (typeof prepared)[number];
    zip.file(entry.path, p.data, { compression: p.compression, date, createFolders: false });
  });
  return zip.generateAsync({ type: "uint8array", platform: "DOS", streamFiles: false, mimeType: "application/epub+zip" });
}
