/**
 * Deterministic zips: every entry deflated by Node's zlib on libuv's thread pool (several at once,
 * off the main thread) with Node's native CRC-32, then laid out by jszip, which takes an entry that
 * is compressed already (its own form of an entry read from a zip) and copies its bytes, with sizes
 * and CRC in the local header (no data descriptors, no extra fields): an EPUB's `mimetype` sits
 * at byte 38 as OCF asks. Used by the EPUB container and the packet's zip, so both make the same
 * bytes from the same files. (yazl, tried instead, computes each entry's CRC in JavaScript on the
 * main thread: 205 ms of a 50-item packet build.) The packet's zip keeps each deflated entry in the
 * packet's cache (`kept`): after a one-item edit it holds ~8 MB of unchanged HTML editions, whose
 * level-9 deflate cost ~0.35 s of CPU every build.
 */
import { createHash } from "node:crypto";
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
import type { ByteStore } from "./byte-store.js";

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

const LEVEL = 9;
/** Entries smaller than this are deflated again rather than looked up (a file read costs about as much). */
const KEEP_MIN_BYTES = 4096;

/**
 * The entry deflated, or copied from `kept`: every entry of at least 4 KB is kept there by a
 * SHA-256 of its bytes, the level and zlib's version (the same input deflates to the same bytes
 * with the same zlib).
 */
async function deflated({ raw, kept }: { raw: Uint8Array; kept: ByteStore | undefined }): Promise<Uint8Array> {
  const store = raw.byteLength >= KEEP_MIN_BYTES ? kept : undefined;
  const key = store ? createHash("sha256").update(`imprint-deflate\u0000${process.versions.zlib}\u0000${LEVEL}\u0000`).update(raw).digest("hex") : "";
  const hit = store ? await store.get(key).catch(() => undefined) : undefined;
  if (hit) return hit;
  const data = new Uint8Array(await deflate(raw, { level: LEVEL }));
  await store?.set(key, data).catch(() => undefined);
  return data;
}

/** The entry stored as it is (`store`) or deflated at level 9, in the form jszip copies. */
async function prepareEntry({ bytes, store, kept }: { bytes: Uint8Array | string; store: boolean; kept: ByteStore | undefined }): Promise<{ data: Uint8Array; compression: "STORE" | "DEFLATE" }> {
  const raw = typeof bytes === "string" ? new Uint8Array(Buffer.from(bytes, "utf8")) : bytes;
  const data = store ? raw : await deflated({ raw, kept });
  const entry = new CompressedObject(data.byteLength, raw.byteLength, crc32(raw) >>> 0, store ? COMPRESSIONS.STORE : COMPRESSIONS.DEFLATE, data);
  // jszip's types do not name its compressed-entry form, which it takes as data.
  return { data: entry as unknown as Uint8Array, compression: store ? "STORE" : "DEFLATE" };
}

/**
 * The entries in the order given, each dated `date`. jszip writes DOS dates from the Date's UTC
 * fields, so the build machine's time zone never reaches the bytes. With `kept`, deflated entries
 * are kept there and copied back next time (the same bytes either way).
 */
export async function writeZip({ entries, date, kept }: { entries: readonly ZipWriteEntry[]; date: Date; kept?: ByteStore }): Promise<Uint8Array> {
  const zip = new JSZip();
  const unix = entries.some((e) => e.mode !== undefined);
  const prepared = await Promise.all(entries.map((e) => (e.bytes === undefined ? undefined : prepareEntry({ bytes: e.bytes, store: e.store ?? false, kept }))));
  entries.forEach((entry, i) => {
    const p = prepared[i];
    const common = { date, createFolders: false, ...(entry.mode !== undefined ? { unixPermissions: entry.mode } : {}) };
    if (!p) zip.file(entry.name, null, { ...common, dir: true });
    else zip.file(entry.name, p.data, { ...common, compression: p.compression });
  });
  return zip.generateAsync({ type: "uint8array", platform: unix ? "UNIX" : "DOS", streamFiles: false });
}
