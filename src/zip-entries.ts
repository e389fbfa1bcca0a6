/**
 * Deterministic zips written by yazl: each entry is deflated by Node's zlib on libuv's thread pool
 * (several at once, off the main thread) and written with its sizes and CRC in the local header
 * (no data descriptors, no extra fields), so an EPUB's `mimetype` sits at byte 38 as OCF asks.
 * Used by the EPUB container and the packet's zip, so both make the same bytes from the same files.
 * jszip did this before at ~35 ms of module loading per process (pako, readable-stream).
 */
import yazl from "yazl";

export interface ZipWriteEntry {
  /** Path inside the zip, forward slashes; a folder entry ends with "/". */
  name: string;
  /** Absent for a folder entry. */
  bytes?: Uint8Array | string;
  /** Written as it is (already compressed formats); otherwise deflated at level 9. */
  store?: boolean;
  /** Unix permissions (with the file-type bits, e.g. 0o100644); only the packet's zip sets them. */
  mode?: number;
}

/**
 * The local time whose fields read as `date`'s UTC fields: zip entries carry DOS dates, which have
 * no time zone and which yazl writes from local fields, so the build machine's zone never reaches
 * the bytes. Taken twice, so a date near a daylight-saving change lands on the right hour.
 */
export function zoneFreeDate(date: Date): Date {
  const ms = date.getTime();
  const once = new Date(ms + date.getTimezoneOffset() * 60_000);
  return new Date(ms + once.getTimezoneOffset() * 60_000);
}

/** The entries in the order given, each dated `date` (its UTC fields). */
export async function writeZip({ entries, date }: { entries: readonly ZipWriteEntry[]; date: Date }): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  const mtime = zoneFreeDate(date);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    zip.outputStream.on("error", reject);
  });
  for (const entry of entries) {
    const common = { mtime, forceDosTimestamp: true, ...(entry.mode !== undefined ? { mode: entry.mode } : {}) };
    if (entry.bytes === undefined) {
      zip.addEmptyDirectory(entry.name.replace(/\/$/, ""), common);
      continue;
    }
    const buffer = typeof entry.bytes === "string" ? Buffer.from(entry.bytes, "utf8") : Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength);
    zip.addBuffer(buffer, entry.name, { ...common, compressionLevel: entry.store ? 0 : 9 });
  }
  zip.end();
  return done;
}
