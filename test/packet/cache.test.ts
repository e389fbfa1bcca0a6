/**
 * The cache and the all-or-nothing write: a rebuild after editing one item converts and renders
 * only that item again (the others come from OUT/.imprint-cache, byte for byte the same); a build
 * that fails writes nothing and leaves the last good packet as it was; deleting the cache folder
 * only makes the next build a cold one.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { CACHE_DIR, CACHE_MAX_AGE_MS, pruneCache } from "../../src/packet/cache.js";
import type { PacketReport } from "../../src/packet/index.js";
import { buildReader, readerCopy } from "./helpers.js";

let copy: Awaited<ReturnType<typeof readerCopy>>;
let cold: PacketReport;
const slug = "readings-on-power-and-the-people";
const hashes = (r: PacketReport) => Object.fromEntries([...r.editions, ...r.items.flatMap((i) => i.editions), ...r.files].map((e) => [e.path, e.sha256]));

beforeAll(async () => {
  copy = await readerCopy();
  // HTML and EPUB only: what is cached does not depend on the formats, and this keeps the test
  // quick; with the catalogue, for the zip whose deflated entries are kept.
  cold = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
}, 600_000);
afterAll(() => copy.cleanUp());

describe("packet cache", () => {
  it("a cold build converts and renders every item", () => {
    expect(cold.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(cold.items.map((i) => [i.convertedFromCache, i.renderedFromCache])).toEqual([[false, false], [false, false], [false, false]]);
    expect(cold.cache?.fragmentMisses).toBeGreaterThanOrEqual(6);
  });

  it("keeps the pictures it drew in the cache: each Book's cover and its catalogue thumbnail", async () => {
    const kept = (await readdir(join(copy.out, CACHE_DIR, "covers"))).filter((n) => n.endsWith(".bin"));
    // The packet and its three items, two pictures each.
    expect(kept).toHaveLength(8);
  });

  it("keeps the packet zip's deflated entries in the cache: one per distinct file of 4 KB or more", async () => {
    const kept = (await readdir(join(copy.out, CACHE_DIR, "deflated"))).filter((n) => n.endsWith(".bin"));
    // The zip's files that are deflated (not EPUBs, PNGs, PDFs: those are stored) and 4 KB or more:
    // the HTML editions, the landing page, the feeds; the same bytes twice are kept once.
    const zip = await JSZip.loadAsync(await readFile(join(copy.out, slug, `${slug}.zip`)));
    const distinct = new Set<string>();
    for (const file of Object.values(zip.files)) {
      if (file.dir || /\.(epub|pdf|png)$/.test(file.name)) continue;
      const bytes = await file.async("uint8array");
      if (bytes.byteLength >= 4096) distinct.add(createHash("sha256").update(bytes).digest("hex"));
    }
    expect(distinct.size).toBeGreaterThanOrEqual(4);
    expect(kept).toHaveLength(distinct.size);
  });

  it("after editing one item, only that item is converted and rendered again", async () => {
    const text = join(copy.packet, "civil-disobedience", "01-on-the-duty-of-civil-disobedience.md");
    await writeFile(text, (await readFile(text, "utf8")).replace("I heartily accept the motto", "I heartily, gladly accept the motto"));
    const warm = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(warm.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(warm.items.map((i) => [i.slug, i.convertedFromCache, i.renderedFromCache])).toEqual([
      ["venezuela-logbook-of-a-new-victory", true, true],
      ["on-the-duty-of-civil-disobedience", false, false],
      ["how-much-land-does-a-man-need", true, true],
    ]);
    // One Markdown file converted (the edited one); the introduction and the rest came from the cache.
    expect(warm.cache?.fragmentMisses).toBe(1);
    // Rendered again: that item's editions and the packet's own (which hold it).
    expect(warm.cache?.editionMisses).toBe(2);
    const before = hashes(cold);
    const after = hashes(warm);
    for (const path of Object.keys(after).filter((p) => p.includes("/items/venezuela") || p.includes("/items/how-much"))) expect(after[path], path).toBe(before[path]);
    const html = await readFile(join(copy.out, slug, `${slug}.html`), "utf8");
    expect(html).toContain("I heartily, gladly accept the motto");
    cold = warm;
  }, 600_000);

  it("a rebuild with nothing changed renders nothing: the packet's own editions come from the cache too", async () => {
    // A file the last build wrote and nobody touched is left as it is; one changed on disk is written again.
    const kept = join(copy.out, slug, "items", "venezuela-logbook-of-a-new-victory.html");
    const spoilt = join(copy.out, slug, "items", "how-much-land-does-a-man-need.html");
    const good = await readFile(spoilt);
    await writeFile(spoilt, Buffer.from(good).fill(0x20, 0, 40));
    const keptBefore = await stat(kept);
    const again = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(again.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect((await stat(kept)).ino).toBe(keptBefore.ino);
    expect((await stat(kept)).mtimeMs).toBe(keptBefore.mtimeMs);
    expect(await readFile(spoilt)).toEqual(good);
    expect(again.cache?.editionMisses).toBe(0);
    expect(again.cache?.fragmentMisses).toBe(0);
    expect(again.editions.filter((e) => e.format === "epub" || e.format === "html").map((e) => e.cached)).toEqual([true, true]);
    expect(hashes(again)).toEqual(hashes(cold));
  }, 600_000);

  it("a failed build writes nothing and keeps the last good packet", async () => {
    const folder = join(copy.out, slug);
    const files = async () => Object.fromEntries(await Promise.all((await readdir(folder, { recursive: true })).sort().map(async (f) => [f, await readFile(join(folder, f)).then((b) => createHash("sha256").update(b).digest("hex"), () => "(folder)")])));
    const before = await files();
    const meta = join(copy.packet, "how-much-land-does-a-man-need", "metadata.yaml");
    await writeFile(meta, (await readFile(meta, "utf8")).replace('date: "1886"', 'date: "1886-02-30"'));
    const failed = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0])).toEqual([
      expect.stringMatching(/how-much-land-does-a-man-need\/metadata\.yaml:\d+:7: error: date: date is not an ISO 8601 calendar date.*\[meta\/date\]$/),
      expect.stringMatching(/reader\/packet\.yaml:21:9: error: items\.1\.items\.0: the item "how-much-land-does-a-man-need" .* does not build: .*metadata\.yaml:\d+:7: error: date: .*\[load\/packet-item\]$/),
    ]);
    expect(await files()).toEqual(before);
  }, 600_000);

  it("the cache folder is safe to delete: the next build is cold and gives the same packet", async () => {
    const meta = join(copy.packet, "how-much-land-does-a-man-need", "metadata.yaml");
    await writeFile(meta, (await readFile(meta, "utf8")).replace('date: "1886-02-30"', 'date: "1886"'));
    await rm(join(copy.out, CACHE_DIR), { recursive: true, force: true });
    const again = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(again.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(again.items.every((i) => !i.convertedFromCache && !i.renderedFromCache)).toBe(true);
    expect(hashes(again)).toEqual(hashes(cold));
  }, 600_000);

  it("a cache damaged on disk is read as missing, mended, and gives the same packet (it crashed every later build)", async () => {
    const cache = join(copy.out, CACHE_DIR);
    // Garbage over a kept edition of every entry, every kept picture and every deflated zip entry.
    const damage = async (path: string) => writeFile(path, Buffer.alloc(Math.max(64, (await stat(path)).size), 0x5a));
    for (const entry of await readdir(join(cache, "editions"))) await damage(join(cache, "editions", entry, "0.bin"));
    for (const sub of ["covers", "deflated"]) for (const name of (await readdir(join(cache, sub))).filter((n) => /\.(png|bin)$/.test(n))) await damage(join(cache, sub, name));
    const again = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(again.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(again.items.every((i) => !i.renderedFromCache)).toBe(true);
    expect(hashes(again)).toEqual(hashes(cold));
    // Stored again: the next build finds everything.
    const next = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(next.items.every((i) => i.renderedFromCache)).toBe(true);
    expect(hashes(next)).toEqual(hashes(cold));
  }, 600_000);

  it("entries no build used for a week are pruned after a build; entries it used are kept", async () => {
    const cache = join(copy.out, CACHE_DIR);
    const used = (await readdir(join(cache, "editions"))).filter((n) => !n.endsWith(".tmp"));
    expect(used.length).toBeGreaterThan(0);
    const old = new Date(Date.now() - CACHE_MAX_AGE_MS - 3600_000);
    await mkdir(join(cache, "editions", "stale"), { recursive: true });
    await writeFile(join(cache, "editions", "stale", "entry.json"), "{}");
    await utimes(join(cache, "editions", "stale", "entry.json"), old, old);
    await writeFile(join(cache, "fragments", "stale.json"), "{}");
    await utimes(join(cache, "fragments", "stale.json"), old, old);
    await writeFile(join(cache, "deflated", "stale.bin"), "");
    await utimes(join(cache, "deflated", "stale.bin"), old, old);
    // Entries a build reads are marked as used: an old one the next build needs survives.
    for (const n of used) await utimes(join(cache, "editions", n, "entry.json"), old, old);
    const again = await buildReader({ packet: copy.packet, out: copy.out, formats: ["html", "epub"], catalogue: true });
    expect(again.cache?.editionMisses).toBe(0);
    const left = await readdir(join(cache, "editions"));
    expect(left).not.toContain("stale");
    expect(await readdir(join(cache, "fragments"))).not.toContain("stale.json");
    const deflated = await readdir(join(cache, "deflated"));
    expect(deflated).not.toContain("stale.bin");
    expect(deflated.length).toBeGreaterThan(0);
    for (const n of used) expect(left).toContain(n);
    expect(await pruneCache({ dir: cache, now: Date.now() + 2 * CACHE_MAX_AGE_MS })).toBeGreaterThan(0);
    expect(await readdir(join(cache, "editions"))).toEqual([]);
  }, 600_000);
});
