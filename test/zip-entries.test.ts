/**
 * Deflated entries kept between builds (writeZip's `kept`): a zip made with the store holds the
 * same bytes as one made without it; entries of 4 KB and more are kept by their bytes and copied
 * back the next time; small ones are deflated again; a store that fails changes nothing.
 */
import { inflateRawSync } from "node:zlib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { ByteStore } from "../src/byte-store.js";
import { writeZip, type ZipWriteEntry } from "../src/zip-entries.js";

const date = new Date(Date.UTC(2024, 0, 1));
// Text that deflates (repeated words), of several sizes around the 4 KB line.
const text = (words: number, seed: string) => Array.from({ length: words }, (_, i) => `${seed}${i % 37}`).join(" ");
const entries: ZipWriteEntry[] = [
  { name: "a.xhtml", bytes: text(2000, "alpha") },
  { name: "b.xhtml", bytes: text(3000, "beta") },
  { name: "small.css", bytes: text(20, "gamma") },
  { name: "stored.png", bytes: new Uint8Array(8192).fill(7), store: true },
];

function memoryStore(): ByteStore & { map: Map<string, Uint8Array>; gets: number; hits: number; sets: number } {
  const map = new Map<string, Uint8Array>();
  const store = {
    map,
    gets: 0,
    hits: 0,
    sets: 0,
    async get(key: string) {
      store.gets++;
      const hit = map.get(key);
      if (hit) store.hits++;
      return hit;
    },
    async set(key: string, bytes: Uint8Array) {
      store.sets++;
      map.set(key, bytes);
    },
  };
  return store;
}

describe("writeZip with kept entries", () => {
  it("keeps each deflated entry of 4 KB or more and copies it back next time, for the same zip", async () => {
    const plain = await writeZip({ entries, date });
    const store = memoryStore();
    const first = await writeZip({ entries, date, kept: store });
    // The two large text entries; not the small one, not the stored one.
    expect([store.gets, store.hits, store.sets]).toEqual([2, 0, 2]);
    const second = await writeZip({ entries, date, kept: store });
    expect([store.gets, store.hits, store.sets]).toEqual([4, 2, 2]);
    expect(Buffer.from(first).equals(Buffer.from(plain))).toBe(true);
    expect(Buffer.from(second).equals(Buffer.from(plain))).toBe(true);
    // What is kept is the entry's raw deflate stream.
    const kept = [...store.map.values()].map((b) => inflateRawSync(b).toString("utf8")).sort();
    expect(kept).toEqual([text(2000, "alpha"), text(3000, "beta")].sort());
  });

  it("keys an entry by its bytes: a changed entry is deflated again, an unchanged one copied", async () => {
    const store = memoryStore();
    await writeZip({ entries, date, kept: store });
    const edited = entries.map((e) => (e.name === "b.xhtml" ? { ...e, bytes: `${e.bytes as string} edited` } : e));
    const zip = await writeZip({ entries: edited, date, kept: store });
    expect([store.hits, store.sets]).toEqual([1, 3]);
    const back = await JSZip.loadAsync(zip);
    expect(await back.file("b.xhtml")?.async("string")).toBe(`${entries[1]?.bytes as string} edited`);
    expect(await back.file("a.xhtml")?.async("string")).toBe(entries[0]?.bytes);
  });

  it("a store that fails to read or write only costs the deflate again", async () => {
    const plain = await writeZip({ entries, date });
    const broken: ByteStore = { get: () => Promise.reject(new Error("EIO")), set: () => Promise.reject(new Error("ENOSPC")) };
    expect(Buffer.from(await writeZip({ entries, date, kept: broken })).equals(Buffer.from(plain))).toBe(true);
  });
});
