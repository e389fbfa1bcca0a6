/**
 * Zip entries compressed by Node's zlib instead of jszip's pako: on libuv's thread pool, several
 * entries at once, off the main thread, several times faster. jszip takes an entry that is
 * compressed already (its own form of an entry read from a zip) and copies its bytes. Used by the
 * EPUB container and the packet's zip, so both make the same bytes from the same files.
 */
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { crc32, deflateRaw } from "node:zlib";
import type JSZipType from "jszip";

const deflate = promisify(deflateRaw);
const requireJszip = createRequire(import.meta.url);
type Compression = { magic: string };
const CompressedObject = requireJszip("jszip/lib/compressedObject") as new (compressedSize: number, uncompressedSize: number, crc: number, compression: Compression, data: Uint8Array) => object;
const COMPRESSIONS = requireJszip("jszip/lib/compressions") as { STORE: Compression; DEFLATE: Compression };

/**
 * jszip itself from the same copy as CompressedObject: jszip checks `instanceof CompressedObject`,
 * and a bundled jszip (lib/bundle/) would have a class of its own.
 */
export const JSZip = requireJszip("jszip") as typeof JSZipType;

export interface PreparedEntry {
  /** The entry as jszip takes it (pass as the file's data, with the same `compression`). */
  data: Uint8Array;
  compression: "STORE" | "DEFLATE";
}

/** The entry stored as it is (`store`) or deflated at level 9; strings are UTF-8. */
export async function prepareEntry({ bytes, store }: { bytes: Uint8Array | string; store: boolean }): Promise<PreparedEntry> {
  const raw = typeof bytes === "string" ? new Uint8Array(Buffer.from(bytes, "utf8")) : bytes;
  const data = store ? raw : new Uint8Array(await deflate(raw, { level: 9 }));
  const entry = new CompressedObject(data.byteLength, raw.byteLength, crc32(raw) >>> 0, store ? COMPRESSIONS.STORE : COMPRESSIONS.DEFLATE, data);
  // jszip's types do not name its compressed-entry form, which it takes as data.
  return { data: entry as unknown as Uint8Array, compression: store ? "STORE" : "DEFLATE" };
}
