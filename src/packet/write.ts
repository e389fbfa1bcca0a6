/**
 * The packet's files, in memory first: editions, items' editions, covers, the booklet, the landing
 * page and OPDS feeds (from a Catalogue of what is written), the zip to hand out; then one commit
 * of all of them with the build report (src/write/commit.ts), so a failed build writes nothing and
 * keeps the last good packet. Files the previous build wrote and this one does not are removed
 * afterwards (an item taken out of packet.yaml leaves no stale edition behind).
 */
import { createHash } from "node:crypto";
import { readFile, rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { diag, type Diagnostic } from "../diagnostics.js";
import type { Catalogue, CatalogueImage } from "../distribute/catalogue.js";
import type { PacketSpec } from "../load/packet.js";
import type { Book } from "../model/book.js";
import type { BrowserSession } from "../render/browser.js";
import type { Templates } from "../render/templates.js";
import { commitFiles } from "../write/commit.js";
import { lockOutput } from "../write/lock.js";
import { sweepTempFiles } from "../write/atomic.js";
import { catalogueEntry, catalogueOf, coverFiles, coverKey, coverSource, type CoverFiles, type WrittenFile } from "./outputs.js";
import type { PacketEditionReport, PacketReport } from "./index.js";
import { createTemplates } from "../render/templates.js";
import { pool } from "../pool.js";
import type { RenderedSet } from "./render.js";
import { VERSION } from "../version.js";
import type { DiskCache } from "./cache.js";

export const PACKET_REPORT_NAME = "build-report.json";

/** Covers drawn at once: libuv's thread pool has four threads. */
const COVER_JOBS = 4;
/** Files read back at once to compare with the last build's (each holds a file handle meanwhile). */
const COMPARE_JOBS = 8;

// A packet's files are hashed for the report, against the last build's and for the cover's key:
// each array once (~10 MB of EPUBs alone in a 50-item packet). Artifacts are never changed in place.
const hashed = new WeakMap<Uint8Array, string>();
export const sha256 = (bytes: Uint8Array): string => {
  let hex = hashed.get(bytes);
  if (hex === undefined) hashed.set(bytes, (hex = createHash("sha256").update(bytes).digest("hex")));
  return hex;
};

export interface PacketFile {
  /** Relative to OUT/<packet-slug>/, forward slashes. */
  path: string;
  bytes: Uint8Array;
  mediaType: string;
}

export async function writePacket(o: {
  spec: PacketSpec;
  book: Book;
  items: Book[];
  /** Each item's templates (its own covers are drawn with them). */
  itemTemplates: Templates[];
  itemSets: RenderedSet[];
  packetSet: RenderedSet;
  templates: Templates;
  browser: BrowserSession | undefined;
  report: PacketReport;
  words: { firstPublished: string };
  catalogue: boolean;
  impose: "booklet" | undefined;
  signature: number | undefined;
  sheet: "letter" | "a4" | undefined;
  files: PacketFile[];
  onEdition?: (name: string, cached: boolean) => void;
  cache?: DiskCache;
}): Promise<{ diagnostics: Diagnostic[] }> {
  const { spec, book, report, files } = o;
  const diagnostics: Diagnostic[] = [];
  const shown = (path: string) => `${report.outDir}/${path}`;
  const add = (file: PacketFile) => files.push(file);
  const edition = (file: PacketFile, format: PacketEditionReport["format"], ms: number, cached?: boolean): PacketEditionReport => {
    add(file);
    return { format, path: shown(file.path), bytes: file.bytes.byteLength, sha256: sha256(file.bytes), ms, ...(cached !== undefined ? { cached } : {}) };
  };
  const slug = book.metadata.slug;

  report.editions = o.packetSet.editions.map((e) => edition({ path: e.artifact.name, bytes: e.artifact.bytes, mediaType: e.artifact.mediaType }, e.format, e.ms, o.packetSet.cached));
  if (o.packetSet.pageCount !== undefined) report.pageCount = o.packetSet.pageCount;
  o.items.forEach((item, i) => {
    const set = o.itemSets[i] as RenderedSet;
    report.items.push({
      slug: item.metadata.slug,
      title: item.metadata.title,
      entry: spec.items[i]?.entry ?? "",
      dir: spec.items[i]?.displayDir ?? "",
      convertedFromCache: false,
      renderedFromCache: set.cached,
      ...(set.pageCount !== undefined ? { pageCount: set.pageCount } : {}),
      editions: set.editions.map((e) => edition({ path: `items/${e.artifact.name}`, bytes: e.artifact.bytes, mediaType: e.artifact.mediaType }, e.format, e.ms, set.cached)),
    });
  });

  // The booklet: the packet's print edition imposed for saddle stitching.
  const pdf = o.packetSet.editions.find((e) => e.format === "pdf");
  if (o.impose === "booklet") {
    if (!pdf) diagnostics.push(diag("cli/usage", { message: "--impose booklet needs the print edition: add pdf to --formats" }));
    else {
      const { imposeBooklet } = await import("../distribute/index.js");
      const t = performance.now();
      const booklet = await imposeBooklet({ pdf: pdf.artifact.bytes, ...(o.sheet ? { sheet: o.sheet } : {}), ...(o.signature ? { signature: o.signature } : {}) });
      const path = `${slug}-booklet.pdf`;
      diagnostics.push(...booklet.diagnostics.map((d) => ({ ...d, file: d.file ?? shown(path) })));
      report.editions.push(edition({ path, bytes: booklet.pdf, mediaType: "application/pdf" }, "booklet", Math.round(performance.now() - t)));
      report.booklet = { path: shown(path), sheets: booklet.sheets, signatures: booklet.signatures, instructions: booklet.instructions };
      o.onEdition?.(path, false);
    }
  }

  // Covers: the packet's and every item's, with thumbnails for the catalogues, all at once (resvg
  // draws on the thread pool). Cached by the picture they come from, which an edit rarely changes.
  const images = new Map<string, { cover: CatalogueImage; thumbnail: CatalogueImage }>();
  const jobs = [{ b: book, t: o.templates, set: o.packetSet }, ...o.items.map((b, i) => ({ b, t: o.itemTemplates[i] ?? o.templates, set: o.itemSets[i] as RenderedSet }))];
  const made = await pool({
    list: jobs,
    jobs: COVER_JOBS,
    work: async ({ b, t, set }) => {
      const epub = set.editions.find((e) => e.format === "epub")?.artifact.bytes;
      // The same EPUB has the same cover (no need to open it); an edited one usually still has.
      const byEpub = epub ? createHash("sha256").update(`imprint-cover-of-epub\u0000${VERSION}\u0000${sha256(epub)}`).digest("hex") : undefined;
      if (set.cover) {
        if (byEpub) await o.cache?.setCover(byEpub, set.cover);
        return set.cover;
      }
      const early = byEpub ? await o.cache?.getCover(byEpub) : undefined;
      if (early) return early;
      const source = await coverSource({ book: b, templates: t, ...(epub ? { epub } : {}) });
      const key = coverKey(source);
      const hit = await o.cache?.getCover(key);
      const files = hit ?? (await coverFiles({ book: b, templates: t, source }));
      await Promise.all([hit ? undefined : o.cache?.setCover(key, files), byEpub ? o.cache?.setCover(byEpub, files) : undefined]);
      return files;
    },
  });
  jobs.forEach(({ b }, i) => {
    const m = made[i] as CoverFiles;
    const s = b.metadata.slug;
    const cover = { path: `covers/${s}.png`, bytes: m.cover.bytes, mediaType: "image/png" };
    const thumb = { path: `covers/${s}-thumbnail.png`, bytes: m.thumbnail.bytes, mediaType: "image/png" };
    add(cover);
    add(thumb);
    images.set(s, { cover: { path: cover.path, bytes: cover.bytes.byteLength, mediaType: "image/png", width: m.cover.width, height: m.cover.height }, thumbnail: { path: thumb.path, bytes: thumb.bytes.byteLength, mediaType: "image/png", width: m.thumbnail.width, height: m.thumbnail.height } });
  });
  if (!o.catalogue) return { diagnostics };

  const written = (paths: PacketEditionReport[]): Array<WrittenFile & { booklet?: boolean }> =>
    paths.map((e) => {
      const path = relative(report.outDir ?? ".", e.path).split("\\").join("/");
      const file = files.find((f) => f.path === path);
      return { path, bytes: e.bytes, mediaType: file?.mediaType ?? "application/octet-stream", ...(e.format === "booklet" ? { booklet: true } : {}) };
    });
  const entryOf = (b: Book, editions: PacketEditionReport[]) => catalogueEntry({ book: b, editions: written(editions), ...(images.get(b.metadata.slug) ?? {}), firstPublished: o.words.firstPublished });
  const itemEntries = o.items.map((b, i) => entryOf(b, report.items[i]?.editions ?? []));
  const { landingPage, opdsXml, opdsJson, zipFiles } = await import("../distribute/index.js");
  // One set of the built-in templates for both landing pages: each set parses landing.liquid anew.
  const landingTemplates = createTemplates();
  const feeds = async (catalogue: Catalogue): Promise<PacketFile[]> => [
    { path: "index.html", bytes: new TextEncoder().encode(await landingPage({ catalogue, templates: landingTemplates })), mediaType: "text/html" },
    { path: "opds.xml", bytes: new TextEncoder().encode(opdsXml({ catalogue })), mediaType: "application/atom+xml;profile=opds-catalog;kind=acquisition" },
    { path: "opds.json", bytes: new TextEncoder().encode(opdsJson({ catalogue })), mediaType: "application/opds+json" },
  ];
  // The copies inside the zip list everything but the zip itself (whoever reads them has it).
  const offline = catalogueOf({ packet: entryOf(book, report.editions), ...(spec.url ? { url: spec.url } : {}), items: itemEntries, book });
  const inside = [...files, ...(await feeds(offline))];
  // Its deflated entries are kept in the cache: after an edit most of the HTML editions are the same.
  const zip = await zipFiles({ files: inside, top: slug, ...(o.cache ? { kept: o.cache.deflated } : {}) });
  report.editions.push(edition({ path: `${slug}.zip`, bytes: zip, mediaType: "application/zip" }, "zip", 0));
  const online = catalogueOf({ packet: entryOf(book, report.editions), ...(spec.url ? { url: spec.url } : {}), items: itemEntries, book });
  for (const f of await feeds(online)) add(f);
  return { diagnostics };
}

/** Every file and the report, in one commit under a lock; then the previous build's leftovers go. */
export async function commitPacket({ outDir, packetDir, out, files, report, lockWaitMs }: { outDir: string; packetDir: string; out: string; files: PacketFile[]; report: PacketReport; lockWaitMs: number | undefined }): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const f of files) if (!report.editions.some((e) => e.path.endsWith(`/${f.path}`)) && !report.items.some((i) => i.editions.some((e) => e.path.endsWith(`/${f.path}`)))) report.files.push({ path: `${report.outDir}/${f.path}`, bytes: f.bytes.byteLength, sha256: sha256(f.bytes) });
  let lock: Awaited<ReturnType<typeof lockOutput>>;
  try {
    lock = await lockOutput({ dir: packetDir, ...(lockWaitMs !== undefined ? { waitMs: lockWaitMs } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") diagnostics.push(diag("write/lock", { message: `another imprint build is writing to "${report.outDir}"; wait for it or remove the lock if no build is running`, file: out }));
    else diagnostics.push(diag("write/failed", { message: `could not create the output folder "${report.outDir}": ${(error as Error).message}`, file: out }));
    return diagnostics;
  }
  try {
    for (const sub of ["", "items", "covers"]) await sweepTempFiles({ dir: join(packetDir, sub) });
    const previous = await previousFiles(join(packetDir, PACKET_REPORT_NAME), report.outDir ?? ".");
    const reportBytes = new TextEncoder().encode(JSON.stringify({ ...report, ok: true }, null, 2) + "\n");
    // A file the last build wrote with these very bytes, still there as it was, is left alone: after
    // a one-item edit most of the packet is unchanged, and writing it again costs a sync per file.
    // Compared a few at a time: one after another, the 260 files of a 50-item packet took ~0.13 s.
    const same = await pool({ list: files, jobs: COMPARE_JOBS, work: async (f) => previous.get(f.path) === sha256(f.bytes) && (await sameOnDisk(join(packetDir, f.path), f.bytes)) });
    const changed = files.filter((_, i) => !same[i]);
    await commitFiles({ dir: packetDir, files: [...changed.map((f) => ({ name: f.path, bytes: f.bytes })), { name: PACKET_REPORT_NAME, bytes: reportBytes }] });
    const now = new Set(files.map((f) => f.path));
    for (const p of previous.keys()) if (!now.has(p) && p !== PACKET_REPORT_NAME) await rm(join(packetDir, p), { force: true });
  } catch (error) {
    diagnostics.push(diag("write/failed", { message: `could not write to "${report.outDir}": ${(error as Error).message}`, file: out }));
  } finally {
    await lock.release();
  }
  void outDir;
  return diagnostics;
}

/** The files the last build's report names, relative to the packet folder (only plain paths inside it), with their SHA-256. */
async function previousFiles(reportPath: string, shownDir: string): Promise<Map<string, string>> {
  try {
    const old = JSON.parse(await readFile(reportPath, "utf8")) as Partial<PacketReport>;
    const entries = [...(old.editions ?? []), ...(old.items ?? []).flatMap((i) => i.editions), ...(old.files ?? [])];
    const out = new Map<string, string>();
    for (const e of entries) {
      const p = e.path.startsWith(`${shownDir}/`) ? e.path.slice(shownDir.length + 1) : "";
      if (p !== "" && !p.split("/").includes("..")) out.set(p, e.sha256);
    }
    return out;
  } catch {
    return new Map();
  }
}

/** The file on disk holds exactly these bytes (compared, not trusted from the last report). */
async function sameOnDisk(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size !== bytes.byteLength) return false;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(await readFile(path));
  } catch {
    return false;
  }
}
