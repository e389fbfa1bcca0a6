/**
 * Bytes kept between builds under a key of everything that made them: the pictures resvg drew
 * and the zip entries zlib deflated (a packet's cache, src/packet/cache.ts, is the one store).
 */
export interface ByteStore {
  get(key: string): Promise<Uint8Array | undefined>;
  /** A failure only means making the bytes again next time. */
  set(key: string, bytes: Uint8Array): Promise<void>;
}
