/**
 * Deterministic zips: every entry deflated by Node's zlib on libuv's thread pool (several at once,
 * off the main thread) with Node's native CRC-32, then laid out by jszip, which takes an entry that
 * is compressed already (its own form of an entry read from a zip) and copies its bytes, with sizes
 * and CRC in the local header (no data descriptors, no extra fields): an EPUB's `mimetype` sits
 * at byte 38 as OCF asks. Used by the EPUB container and the packet's zip, so both make the same
 * bytes from the same files. (yazl, tried instead, computes each entry's CRC in JavaScript on the
 * main thread: 205 ms of a 50-item packet build.)
 */
import { promisify } from "node:util";
import { crc32, deflateRaw } from "node:zlib";
import JSZip from "jszip";
// jszip's compressed-entry form and its compression markers: jszip checks `instanceof
// CompressedObject`, so both come from the same copy as jszip itself (in the CLI's bundle, where
// it starts from V8's code cache: required from node_modules it cost ~40 ms a build).
// @ts-expect-error jszip ships no types for its internal modules
import CompressedObjectModule from "jszip/lib/compressedObject.js";
// @ts-expect-error as above
import compressionsModule from "jszip/lib/compressions.js";

const deflate = promisify(deflateRaw);
type Compression = { magic: string };
const CompressedObject = CompressedObjectModule as new (compressedSize: number, uncompressedSize: number, crc: number, compression: Compression, data: Uint8Array) => object;
const COMPRESSIONS = compressionsModule as { STORE: Compression; DEFLATE: Compression };

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

/** The entry stored as it is (`store`) or deflated at level 9, in the form jszip copies. */
async function prepareEntry({ bytes, store }: { bytes: Uint8Array | string; store: boolean }): Promise<{ data: Uint8Array; compression: "STORE" | "DEFLATE" }> {
  const raw = typeof bytes === "string" ? new Uint8Array(Buffer.from(bytes, "utf8")) : bytes;
  const data = store ? raw : new Uint8Array(await deflate(raw, { level: 9 }));
  const entry = new CompressedObject(data.byteLength, raw.byteLength, crc32(raw) >>> 0, store ? COMPRESSIONS.STORE : COMPRESSIONS.DEFLATE, data);
  // jszip's types do not name its compressed-entry form, which it takes as data.
  return { data: entry as unknown as Uint8Array, compression: store ? "STORE" : "DEFLATE" };
}

/**
 * The entries in the order given, each dated `date`. jszip writes DOS dates from the Date's UTC
 * fields, so the build machine's time zone never reaches the bytes.
 */
export async function writeZip({ entries, date }: { entries: readonly ZipWriteEntry[]; date: Date }): Promise<Uint8Array> {
  const zip = new JSZip();
  const unix = entries.some((e) => e.mode !== undefined);
  const prepared = await Promise.all(entries.map((e) => (e.bytes === undefined ? undefined : prepareEntry({ bytes: e.bytes, store: e.store ?? false }))));
  entries.forEach((entry, i) => {
    const p = prepared[i];
    const common = { date, createFolders: false, ...(entry.mode !== undefined ? { unixPermissions: entry.mode } : {}) };
    if (!p) zip.file(entry.name, null, { ...common, dir: true });
    else zip.file(entry.name, p.data, { ...common, compression: p.compression });
  });
  return zip.generateAsync({ type: "uint8array", platform: unix ? "UNIX" : "DOS", streamFiles: false });
}
