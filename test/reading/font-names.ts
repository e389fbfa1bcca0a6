/**
 * The names inside a WOFF2 font file (its `name` table: family, PostScript name), read the way a
 * converter reads them. WOFF2 (https://www.w3.org/TR/WOFF2/) is a table directory and one Brotli
 * stream of the tables in directory order; `name` is never transformed, so it is found by adding
 * up the lengths of the tables before it.
 */
import { brotliDecompressSync } from "node:zlib";

const KNOWN_TAGS = "cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT EBLC gasp hdmx kern LTSH PCLT VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR CPAL SVG  sbix acnt avar bdat bloc bsln cvar fdsc feat fmtx fvar gvar hsty just lcar mort morx opbd prop trak Zapf Silf Glat Gloc Feat Sill"
  .match(/.{4}\s?/g)!
  .map((t) => t.slice(0, 4));

export interface FontNames {
  family: string;
  postScript: string;
}

export function woff2Names(bytes: Uint8Array): FontNames {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x774f4632) throw new Error("not a WOFF2 file");
  const numTables = view.getUint16(12);
  const compressedSize = view.getUint32(20);
  let pos = 48;
  const base128 = (): number => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = bytes[pos++]!;
      value = value * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) return value;
    }
    throw new Error("bad UIntBase128");
  };
  const tables: Array<{ tag: string; length: number }> = [];
  for (let i = 0; i < numTables; i++) {
    const flags = bytes[pos++]!;
    let tag = KNOWN_TAGS[flags & 0x3f] ?? "";
    if ((flags & 0x3f) === 0x3f) {
      tag = String.fromCharCode(...bytes.subarray(pos, pos + 4));
      pos += 4;
    }
    const version = (flags >> 6) & 3;
    const origLength = base128();
    const transformed = tag === "glyf" || tag === "loca" ? version !== 3 : version !== 0;
    tables.push({ tag, length: transformed ? base128() : origLength });
  }
  const stream = brotliDecompressSync(bytes.subarray(pos, pos + compressedSize));
  let offset = 0;
  for (const t of tables) {
    if (t.tag === "name") return nameTable(stream.subarray(offset, offset + t.length));
    offset += t.length;
  }
  throw new Error("no name table");
}

function nameTable(table: Uint8Array): FontNames {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const count = view.getUint16(2);
  const strings = view.getUint16(4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    const platform = view.getUint16(r);
    const id = view.getUint16(r + 6);
    const length = view.getUint16(r + 8);
    const at = strings + view.getUint16(r + 10);
    if (platform !== 3 || found.has(id)) continue;
    let s = "";
    for (let j = 0; j < length; j += 2) s += String.fromCharCode(view.getUint16(at + j));
    found.set(id, s);
  }
  return { family: found.get(16) ?? found.get(1) ?? "", postScript: found.get(6) ?? "" };
}
