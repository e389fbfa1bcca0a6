/**
 * The OCF container as a deterministic zip: `mimetype` first and STORED (no extra field), then the
 * entries in the order given, every entry dated `modified` (clamped to 1980, the DOS epoch), fixed
 * compression level (fonts and images stored as they are). DOS dates are written from the Date's
 * UTC fields, so the time zone of the build machine does not reach the bytes (a test runs this
 * under two TZ values).
 */
import { writeZip } from "../../zip-entries.js";

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
  return writeZip({
    date: zipDate(modified),
    entries: [
      { name: "mimetype", bytes: "application/epub+zip", store: true },
      // Fonts and images are compressed already: deflating them again costs time and saves nothing.
      ...entries.map((entry) => ({ name: entry.path, bytes: entry.bytes, store: STORED.test(entry.path) })),
    ],
  });
}
