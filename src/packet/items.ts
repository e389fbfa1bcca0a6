/**
 * The front half of a packet build: every item loaded and converted once (with one pandoc backend
 * and the fragment cache shared by all of them, a few items at a time), and the introduction
 * converted as a book of its own. A broken item fails the packet at its line in packet.yaml.
 */
import { diag, hasErrors, type Diagnostic } from "../diagnostics.js";
import { fragmentKey, type FragmentCache } from "../convert/cache.js";
import { convertMarkdown } from "../convert/index.js";
import type { PandocBackend } from "../convert/types.js";
import type { Limits } from "../load/limits.js";
import { itemFailure, type PacketItem, type PacketSpec } from "../load/packet.js";
import { loadBook, type LoadedBook } from "../load-book.js";
import { assembleBook } from "../model/assemble.js";
import { loadAssets, type AssetRef } from "../model/assets.js";
import type { Book } from "../model/book.js";
import { pool } from "../pool.js";

export interface LoadedItem {
  item: PacketItem;
  loaded: LoadedBook;
  /** The item's id prefix in the packet ("i1-"); `loaded.book` itself is not prefixed. */
  namespace: string;
  /** True when every file of the item came from the cache. */
  cached: boolean;
}

/** Counts one item's cache misses, so progress and the report can say which items were converted. */
function counting(base: FragmentCache): FragmentCache & { misses: number } {
  const c = {
    misses: 0,
    async get(key: string) {
      const hit = await base.get(key);
      if (!hit) c.misses++;
      return hit;
    },
    set: (key: string, value: Parameters<FragmentCache["set"]>[1]) => base.set(key, value),
  };
  return c;
}

export async function loadItems(options: {
  packet: PacketSpec;
  cwd: string;
  env: NodeJS.ProcessEnv;
  pandoc: PandocBackend;
  cache: FragmentCache;
  jobs: number;
  timeoutMs: number;
  limits?: Partial<Limits>;
  onItem?: (item: LoadedItem) => void;
}): Promise<{ items: LoadedItem[] | undefined; diagnostics: Diagnostic[] }> {
  const { packet, cwd, env, pandoc, jobs, timeoutMs } = options;
  const diagnostics: Diagnostic[] = [];
  const results = await pool({
    list: packet.items,
    jobs,
    work: async (item, i) => {
      const cache = counting(options.cache);
      const namespace = `i${i + 1}-`;
      // Loaded as `imprint build` loads it (its own editions are that build's); namespaced for the packet later.
      const loaded = await loadBook({ dir: item.dir, cwd, env, timeoutMs, pandocBackend: pandoc, fragmentCache: cache, ...(options.limits ? { limits: options.limits } : {}) });
      const own = loaded.diagnostics;
      if (!loaded.value || hasErrors(own)) return { diagnostics: [...own, itemFailure({ packet, item, diagnostics: own })] };
      const result: LoadedItem = { item, loaded: loaded.value, namespace, cached: cache.misses === 0 };
      options.onItem?.(result);
      return { value: result, diagnostics: own };
    },
  });
  for (const r of results) diagnostics.push(...r.diagnostics);
  if (hasErrors(diagnostics)) return { items: undefined, diagnostics };
  return { items: results.map((r) => r.value).filter((v): v is LoadedItem => v !== undefined), diagnostics };
}

/** The introduction as a Book of its own (its ids unprefixed: the items' all start with "i<n>-"). */
export async function loadIntroduction({ packet, pandoc, cache, timeoutMs, modified, limits }: { packet: PacketSpec; pandoc: PandocBackend; cache: FragmentCache; timeoutMs: number; modified: string; limits?: Partial<Limits> }): Promise<{ book: Book | undefined; diagnostics: Diagnostic[] }> {
  const intro = packet.introduction;
  if (!intro) return { book: undefined, diagnostics: [] };
  const key = fragmentKey({ markdown: intro.text, sourceFile: intro.displayPath, backend: pandoc.name, version: pandoc.version });
  let converted = await cache.get(key);
  if (!converted) {
    converted = await convertMarkdown({ pandoc, request: { markdown: intro.text, sourceFile: intro.displayPath, timeoutMs } });
    if (converted.fragment) await cache.set(key, converted);
  }
  const diagnostics = [...converted.diagnostics];
  const fragment = converted.fragment;
  if (!fragment) return { book: undefined, diagnostics };
  const refs: AssetRef[] = fragment.assetRefs.map((r) => ({ path: r.path, from: fragment.sourceFile, ...(r.line !== undefined ? { line: r.line } : {}) }));
  const assets = await loadAssets({ root: packet.root, refs, ...(limits ? { limits } : {}) });
  diagnostics.push(...assets.diagnostics);
  const built = assembleBook({ metadata: packet.metadata, texts: [{ path: intro.path, fragment }], assets: assets.assets, modified });
  diagnostics.push(...built.diagnostics.map((d) => (d.code === "load/no-text" ? diag("load/no-text", { message: "the introduction has no text", file: intro.displayPath }) : d)));
  return { book: hasErrors(diagnostics) ? undefined : built.value, diagnostics };
}
