/**
 * Test helper: a zip whose entries are deflated by Node's zlib as a stream, so a 300 MiB entry of
 * zeros costs about a second and a few MiB of memory, and nothing huge is ever committed. The
 * container is written by hand (local headers, central directory, end record: APPNOTE 4.3),
 * since jszip would push the 300 MiB through its JavaScript deflate (11 s).
 */
import { once } from "node:events";
import { crc32, createDeflateRaw } from "node:zlib";

export interface BombEntry {
  name: string;
  /** Either real bytes or a number of zero bytes. */
  data: Uint8Array | number;
}

async function deflate(data: Uint8Array | number): Promise<{ raw: Buffer; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflater.on("data", (c: Buffer) => chunks.push(c));
  let crc = 0;
  let size = 0;
  const feed = async (chunk: Uint8Array): Promise<void> => {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflater.write(chunk)) await once(deflater, "drain");
  };
  if (typeof data === "number") {
    const zeros = new Uint8Array(1024 * 1024);
    for (let left = data; left > 0; left -= zeros.length) await feed(left >= zeros.length ? zeros : zeros.subarray(0, left));
  } else await feed(data);
  deflater.end();
  await once(deflater, "end");
  return { raw: Buffer.concat(chunks), crc, size };
}

export async function makeZip(entries: readonly BombEntry[]): Promise<Uint8Array> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { raw, crc, size } = await deflate(entry.data);
    const name = Buffer.from(entry.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(raw.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(raw.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, raw);
    centrals.push(central, name);
    offset += local.length + name.length + raw.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
