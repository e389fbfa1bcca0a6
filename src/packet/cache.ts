/**
 * The packet's on-disk cache, `OUT/.imprint-cache/` (safe to delete at any time: the next build is
 * then a cold one). Two kinds of entries, each named by a SHA-256 of everything that decides it,
 * imprint's version included, so a stale entry is never used, only left unused:
 *   fragments/<key>.json   one Markdown file converted by pandoc (src/convert/cache.ts's key);
 *   editions/<key>/        a Book's rendered and checked editions (an item's or the packet's own),
 *                          keyed by the Book, its templates and the options;
 *   covers/<key>.json      a cover and its thumbnail as PNGs, keyed by the picture they are drawn from
 *                          and by the EPUB that holds it;
 *   covers/<key>.bin       one picture resvg drew (an EPUB's cover or a thumbnail), keyed by its SVG
 *                          alone, so an edit that changes an EPUB but not its cover draws nothing
 *                          (`pictures`, given to src/render/epub/cover.ts's keepDrawnCovers);
 *   deflated/<key>.bin     one entry of the packet's zip (an HTML edition, a feed) as zlib deflated
 *                          it, keyed by its bytes, the level and zlib's version (`deflated`, given
 *                          to src/zip-entries.ts's writeZip as `kept`).
 * The .bin files and each edition carry the SHA-256 of their bytes: an entry damaged on disk is
 * read as missing and stored again. Entries are written to a temporary name and renamed, so a
 * killed build leaves no half entry;
 * an entry no build has used for a week is removed after a successful build (pruneCache).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CachedConversion, FragmentCache } from "../convert/cache.js";
import type { Book } from "../model/book.js";
import type { Templates } from "../render/templates.js";
import type { Artifact } from "../render/types.js";
import type { ByteStore } from "../byte-store.js";
import { VERSION } from "../version.js";

export const CACHE_DIR = ".imprint-cache";

export interface CacheStats {
  fragmentHits: number;
  fragmentMisses: number;
  editionHits: number;
  editionMisses: number;
}

async function writeAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

export interface DiskCache {
  dir: string;
  stats: CacheStats;
  fragments: FragmentCache;
  getEditions(key: string): Promise<CachedEditions | undefined>;
  setEditions(key: string, value: CachedEditions): Promise<void>;
  getCover(key: string): Promise<CachedCover | undefined>;
  setCover(key: string, value: CachedCover): Promise<void>;
  /** Single pictures resvg drew, by their drawing (src/render/epub/cover.ts, keepDrawnCovers). */
  pictures: ByteStore;
  /** The packet zip's deflated entries, by their bytes (src/zip-entries.ts, writeZip's `kept`). */
  deflated: ByteStore;
}

/** The cache's folders; `SUBFOLDERS` is what pruning and sweeping walk. */
const SUBFOLDERS = ["fragments", "editions", "covers", "deflated"] as const;

const sha256 = (bytes: Uint8Array): Buffer => createHash("sha256").update(bytes).digest();

/**
 * Bytes kept as `dir/<key><ext>`, after the SHA-256 of them (32 bytes): a file damaged on disk is
 * a miss, and is removed so the next build stores it again (damaged covers or zip entries had
 * crashed every later build, or gone into the outputs).
 */
function byteStore({ dir, ext, enabled }: { dir: string; ext: string; enabled: boolean }): ByteStore {
  return {
    async get(key) {
      if (!enabled) return undefined;
      const path = join(dir, `${key}${ext}`);
      const hit = await readFile(path).catch(() => undefined);
      if (!hit) return undefined;
      const bytes = new Uint8Array(hit.buffer, hit.byteOffset + 32, Math.max(0, hit.byteLength - 32));
      if (hit.byteLength < 32 || !sha256(bytes).equals(hit.subarray(0, 32))) {
        await rm(path, { force: true }).catch(() => undefined);
        return undefined;
      }
      touch(path);
      return bytes;
    },
    async set(key, bytes) {
      if (!enabled) return;
      await mkdir(dir, { recursive: true });
      await writeAtomically(join(dir, `${key}${ext}`), Buffer.concat([sha256(bytes), bytes]));
    },
  };
}

export interface CachedCover {
  cover: { bytes: Uint8Array; width: number; height: number };
  thumbnail: { bytes: Uint8Array; width: number; height: number };
}

export interface CachedEditions {
  artifacts: Array<{ format: string; artifact: Artifact; ms: number }>;
  pageCount?: number;
}

/** A cache under `dir`; with `enabled: false`, one that remembers nothing (every build is cold). */
export function diskCache({ dir, enabled = true }: { dir: string; enabled?: boolean }): DiskCache {
  const stats: CacheStats = { fragmentHits: 0, fragmentMisses: 0, editionHits: 0, editionMisses: 0 };
  const fragmentsDir = join(dir, "fragments");
  const editionsDir = join(dir, "editions");
  const fragments: FragmentCache = {
    async get(key) {
      if (!enabled) return void stats.fragmentMisses++;
      try {
        const hit = JSON.parse(await readFile(join(fragmentsDir, `${key}.json`), "utf8")) as CachedConversion;
        stats.fragmentHits++;
        touch(join(fragmentsDir, `${key}.json`));
        return hit;
      } catch {
        stats.fragmentMisses++;
        return undefined;
      }
    },
    async set(key, value) {
      if (!enabled) return;
      await mkdir(fragmentsDir, { recursive: true });
      await writeAtomically(join(fragmentsDir, `${key}.json`), JSON.stringify(value));
    },
  };
  return {
    dir,
    stats,
    fragments,
    async getEditions(key) {
      if (!enabled) return void stats.editionMisses++;
      const folder = join(editionsDir, key);
      try {
        const meta = JSON.parse(await readFile(join(folder, "entry.json"), "utf8")) as { artifacts: Array<{ format: string; name: string; mediaType: string; ms: number; file: string; sha256: string }>; pageCount?: number };
        const artifacts = await Promise.all(meta.artifacts.map(async (a) => ({ format: a.format, ms: a.ms, sha256: a.sha256, artifact: { name: a.name, mediaType: a.mediaType, bytes: new Uint8Array(await readFile(join(folder, a.file))) } })));
        // An edition damaged on disk (or kept by an older imprint, without its hash): rendered again.
        if (artifacts.some((a) => typeof a.sha256 !== "string" || sha256(a.artifact.bytes).toString("hex") !== a.sha256)) {
          await rm(folder, { recursive: true, force: true }).catch(() => undefined);
          throw new Error("damaged");
        }
        stats.editionHits++;
        touch(join(folder, "entry.json"));
        return { artifacts: artifacts.map(({ sha256: _, ...a }) => a), ...(meta.pageCount !== undefined ? { pageCount: meta.pageCount } : {}) };
      } catch {
        stats.editionMisses++;
        return undefined;
      }
    },
    async getCover(key) {
      if (!enabled) return undefined;
      try {
        const raw = JSON.parse(await readFile(join(dir, "covers", `${key}.json`), "utf8")) as { cover: { png: string; width: number; height: number }; thumbnail: { png: string; width: number; height: number } };
        touch(join(dir, "covers", `${key}.json`));
        const back = (c: { png: string; width: number; height: number }) => ({ bytes: new Uint8Array(Buffer.from(c.png, "base64")), width: c.width, height: c.height });
        return { cover: back(raw.cover), thumbnail: back(raw.thumbnail) };
      } catch {
        return undefined;
      }
    },
    pictures: byteStore({ dir: join(dir, "covers"), ext: ".bin", enabled }),
    deflated: byteStore({ dir: join(dir, "deflated"), ext: ".bin", enabled }),
    async setCover(key, value) {
      if (!enabled) return;
      await mkdir(join(dir, "covers"), { recursive: true });
      const out = (c: CachedCover["cover"]) => ({ png: Buffer.from(c.bytes).toString("base64"), width: c.width, height: c.height });
      await writeAtomically(join(dir, "covers", `${key}.json`), JSON.stringify({ cover: out(value.cover), thumbnail: out(value.thumbnail) }));
    },
    async setEditions(key, value) {
      if (!enabled) return;
      const folder = join(editionsDir, key);
      const temp = `${folder}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      await mkdir(temp, { recursive: true });
      const artifacts = value.artifacts.map((a, i) => ({ format: a.format, name: a.artifact.name, mediaType: a.artifact.mediaType, ms: a.ms, file: `${i}.bin`, sha256: sha256(a.artifact.bytes).toString("hex") }));
      await Promise.all(value.artifacts.map((a, i) => writeFile(join(temp, `${i}.bin`), a.artifact.bytes)));
      await writeFile(join(temp, "entry.json"), JSON.stringify({ artifacts, ...(value.pageCount !== undefined ? { pageCount: value.pageCount } : {}) }));
      // Another build may have stored the same entry meanwhile: keep theirs, drop ours.
      await rename(temp, folder).catch(() => rm(temp, { recursive: true, force: true }));
    },
  };
}

/**
 * The key of an item's rendered editions: its whole Book (asset bytes hashed), every template
 * it renders with, the formats, engine and check level, and imprint's version.
 */
export function editionsKey({ book, templates, options }: { book: Book; templates: Templates; options: Record<string, unknown> }): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(["imprint-editions", VERSION, options]));
  hash.update(JSON.stringify({ ...book, assets: book.assets.map((a) => ({ ...a, bytes: createHash("sha256").update(a.bytes).digest("hex") })) }));
  for (const name of templates.names().sort()) hash.update(`\u0000${name}\u0000${templates.text(name)}`);
  return hash.digest("hex");
}

/** Marks an entry as used now (the pruning keeps entries used lately); a failure only makes it older. */
function touch(path: string): void {
  const now = new Date();
  void utimes(path, now, now).catch(() => undefined);
}

/** Entries no build used for this long are removed after a successful build. */
export const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * Removes the entries no build has used for `maxAgeMs` (each edit leaves the packet's previous
 * editions behind, a few megabytes): the cache stays about as big as a week's builds need.
 */
export async function pruneCache({ dir, maxAgeMs = CACHE_MAX_AGE_MS, now = Date.now() }: { dir: string; maxAgeMs?: number; now?: number }): Promise<number> {
  let removed = 0;
  for (const sub of SUBFOLDERS) {
    const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => !n.endsWith(".tmp")).map(async (n) => {
      const path = join(dir, sub, n);
      const info = await stat(sub === "editions" ? join(path, "entry.json") : path).catch(() => undefined);
      if (info && now - info.mtimeMs <= maxAgeMs) return;
      await rm(path, { recursive: true, force: true });
      removed++;
    }));
  }
  return removed;
}

/** Removes what a killed build left half-written (temporary names). */
export async function sweepCache({ dir }: { dir: string }): Promise<void> {
  for (const sub of SUBFOLDERS) {
    const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.endsWith(".tmp")).map((n) => rm(join(dir, sub, n), { recursive: true, force: true })));
  }
}
