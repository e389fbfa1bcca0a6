/**
 * Whether a raster image is whole: its container structure walked from the first byte to its
 * end marker, without decoding pixels. A file cut short by a failed download or copy otherwise
 * reaches the editions and shows as a grey box (or half a photo) with no warning at build time.
 * No maintained npm package checks this without decoding whole images (sharp needs a native
 * binary), so these are small walkers over the published formats: PNG (ISO/IEC 15948), JPEG
 * (ITU T.81), GIF (89a), WebP (RIFF container).
 */

/** A sentence completing `image "x" …`, or undefined when the file is whole. */
export function imageStructureProblem({ bytes, mediaType }: { bytes: Uint8Array; mediaType: string }): string | undefined {
  if (mediaType === "image/png") return png(bytes);
  if (mediaType === "image/jpeg") return jpeg(bytes);
  if (mediaType === "image/gif") return gif(bytes);
  if (mediaType === "image/webp") return webp(bytes);
  return undefined;
}

const AGAIN = "export or download it again";
const CUT_SHORT = `is cut short: it ends before its end marker; ${AGAIN}`;

const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const u32le = (b: Uint8Array, at: number) => ((b[at + 3]! << 24) >>> 0) + (b[at + 2]! << 16) + (b[at + 1]! << 8) + b[at]!;
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) + b[at + 1]!;
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Chunks from IHDR to IEND, each length inside the file and each CRC right (readers reject a bad CRC in critical chunks). */
function png(b: Uint8Array): string | undefined {
  if (!PNG_SIGNATURE.every((v, i) => b[i] === v)) return "does not start with the PNG signature";
  let pos = 8;
  let sawData = false;
  for (let first = true; ; first = false) {
    if (pos + 12 > b.length) return CUT_SHORT;
    const length = u32be(b, pos);
    const type = ascii(b, pos + 4, 4);
    if (length > 0x7fffffff) return `has a ${JSON.stringify(type)} chunk with an impossible length`;
    if (pos + 12 + length > b.length) return `is cut short: its ${type} chunk runs past the end of the file; ${AGAIN}`;
    if (first && (type !== "IHDR" || length !== 13)) return "does not begin with an IHDR header chunk";
    if (crc32(b, pos + 4, pos + 8 + length) !== u32be(b, pos + 8 + length)) return `is damaged: the checksum of its ${type} chunk is wrong; ${AGAIN}`;
    if (type === "IDAT") sawData = true;
    pos += 12 + length;
    if (type === "IEND") return sawData ? undefined : "has no image data (IDAT chunk)";
  }
}

let crcTable: Uint32Array | undefined;

function crc32(b: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Marker segments from SOI to EOI: a frame header (SOF) before the first scan, every segment
 * length inside the file, and the entropy-coded data of each scan followed by a marker. Bytes
 * after EOI are allowed: cameras append data there (motion photos) and every decoder stops at EOI.
 */
function jpeg(b: Uint8Array): string | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return "does not start with a JPEG start-of-image marker";
  let pos = 2;
  let sawFrame = false;
  let sawScan = false;
  for (;;) {
    if (pos >= b.length) return CUT_SHORT;
    if (b[pos] !== 0xff) return `is damaged: it has stray bytes where a marker belongs (at byte ${pos}); ${AGAIN}`;
    while (b[pos] === 0xff) pos++; // fill bytes may pad any marker
    if (pos >= b.length) return CUT_SHORT;
    const marker = b[pos++]!;
    if (marker === 0xd9) return !sawFrame ? "has no frame header (SOF)" : !sawScan ? "has no image data (no scan)" : undefined;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // markers without a length
    if (pos + 2 > b.length) return CUT_SHORT;
    const length = u16be(b, pos);
    if (length < 2) return `has a marker segment with an impossible length (at byte ${pos})`;
    if (pos + length > b.length) return CUT_SHORT;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) sawFrame = true;
    pos += length;
    if (marker !== 0xda) continue;
    if (!sawFrame) return "has image data before its frame header (SOF)";
    sawScan = true;
    // Entropy-coded data: 0xFF is followed only by a stuffed 0x00, a restart marker or fill.
    for (;;) {
      const at = b.indexOf(0xff, pos);
      if (at < 0 || at + 1 >= b.length) return CUT_SHORT;
      const next = b[at + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) pos = at + 2;
      else if (next === 0xff) pos = at + 1;
      else {
        pos = at;
        break;
      }
    }
  }
}

/** Header, logical screen, then extension and image blocks (each a chain of sub-blocks) up to the 0x3B trailer. */
function gif(b: Uint8Array): string | undefined {
  const signature = ascii(b, 0, 6);
  if (signature !== "GIF87a" && signature !== "GIF89a") return "does not start with a GIF87a or GIF89a header";
  if (b.length < 13) return CUT_SHORT;
  let pos = 13 + colorTable(b[10]!);
  let sawImage = false;
  const subBlocks = (from: number): number => {
    let at = from;
    while (at < b.length) {
      const size = b[at++]!;
      if (size === 0) return at;
      at += size;
    }
    return -1;
  };
  for (;;) {
    if (pos < 0 || pos >= b.length) return CUT_SHORT;
    const block = b[pos++]!;
    if (block === 0x3b) return sawImage ? undefined : "has no image in it";
    if (block === 0x21) pos = subBlocks(pos + 1);
    else if (block === 0x2c) {
      if (pos + 10 > b.length) return CUT_SHORT;
      pos += 9 + colorTable(b[pos + 8]!) + 1; // descriptor, local colour table, LZW code size
      pos = subBlocks(pos);
      sawImage = true;
    } else return `is damaged: it has an unknown block (0x${block.toString(16).padStart(2, "0")}) at byte ${pos - 1}; ${AGAIN}`;
  }
}

const colorTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);

/** The RIFF size fits the file, each chunk fits the RIFF, and there is an image chunk. */
function webp(b: Uint8Array): string | undefined {
  if (b.length < 12) return CUT_SHORT;
  const total = u32le(b, 4) + 8;
  if (total > b.length) return `is cut short: its header says ${total} bytes but the file has ${b.length}; ${AGAIN}`;
  if (total < 20) return "has no chunks in its RIFF container";
  let pos = 12;
  let sawImage = false;
  while (pos < total) {
    if (pos + 8 > total) return `is damaged: a chunk header runs past the size its header gives; ${AGAIN}`;
    const type = ascii(b, pos, 4);
    const size = u32le(b, pos + 4);
    pos += 8 + size + (size & 1);
    if (pos > total + (size & 1)) return `is damaged: its ${JSON.stringify(type)} chunk runs past the size its header gives; ${AGAIN}`;
    if (type === "VP8 " || type === "VP8L" || type === "ANMF") sawImage = true;
  }
  return sawImage ? undefined : "has no image data (VP8, VP8L or ANMF chunk)";
}
