/**
 * What a packet hands out besides its editions: the landing page, the OPDS feeds, the zip with one
 * top folder, the booklet and the QR code, built from the Catalogue the packet build writes.
 * The writers live in src/distribute (another branch): until it is merged these run as `.skip`.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import type { PacketReport } from "../../src/packet/index.js";
import { buildReader, readBytes, readerCopy } from "./helpers.js";

const slug = "readings-on-power-and-the-people";
let copy: Awaited<ReturnType<typeof readerCopy>>;
let report: PacketReport;
let dir: string;

describe("packet distribution", () => {
  beforeAll(async () => {
    copy = await readerCopy();
    report = await buildReader({ packet: copy.packet, out: copy.out, catalogue: true, impose: "booklet" });
    dir = join(copy.out, slug);
  }, 900_000);
  afterAll(() => copy?.cleanUp());

  it("writes every output the contract lists", async () => {
    expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
    const top = (await readdir(dir)).sort();
    expect(top).toEqual(["build-report.json", "covers", "index.html", "items", "opds.json", "opds.xml", `${slug}-booklet.pdf`, `${slug}.epub`, `${slug}.html`, `${slug}.pdf`, `${slug}.zip`].sort());
    expect(report.editions.map((e) => e.format).sort()).toEqual(["booklet", "epub", "html", "pdf", "zip"]);
    expect(report.booklet?.instructions).toMatch(/short edge/i);
  });

  it("the landing page lists every item with its editions, has no script, and links the files by relative path or the url", async () => {
    const html = await readFile(join(dir, "index.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/i);
    for (const item of report.items) {
      expect(html).toContain(item.title.replace(/&/g, "&amp;"));
      for (const ext of ["epub", "pdf", "html"]) expect(html).toContain(`items/${item.slug}.${ext}`);
    }
    expect(html).toContain(`${slug}.zip`);
  });

  it("the OPDS feeds list the packet and every item with absolute links under url", async () => {
    const xml = await readFile(join(dir, "opds.xml"), "utf8");
    const json = JSON.parse(await readFile(join(dir, "opds.json"), "utf8")) as { publications?: unknown[]; groups?: Array<{ publications?: unknown[] }> };
    for (const item of report.items) expect(xml).toContain(`https://example.org/packets/readings/items/${item.slug}.epub`);
    // Items grouped under a part are listed in that part's group.
    const listed = (json.publications?.length ?? 0) + (json.groups ?? []).reduce((n, g) => n + (g.publications?.length ?? 0), 0);
    expect(listed).toBe(report.items.length + 1);
  });

  it("the zip holds everything inside one top folder, its own copy of the feeds without the zip", async () => {
    const zip = await JSZip.loadAsync(await readBytes(join(dir, `${slug}.zip`)));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]?.dir);
    expect(names.every((n) => n.startsWith(`${slug}/`))).toBe(true);
    expect(names).toContain(`${slug}/items/on-the-duty-of-civil-disobedience.epub`);
    expect(names).toContain(`${slug}/index.html`);
    expect(names).not.toContain(`${slug}/${slug}.zip`);
    const inside = (await zip.file(`${slug}/opds.xml`)?.async("string")) ?? "";
    expect(inside).not.toContain(`${slug}.zip`);
  });

  it("the print edition's imprint page carries the packet's address", async () => {
    const { pdfEditionText } = await import("../../src/check/edition-text.js");
    const text = await pdfEditionText(await readBytes(join(dir, `${slug}.pdf`)));
    expect(text).toContain("https://example.org/packets/readings/");
  });
});
