/**
 * The shared front half of every command: manuscript folder → validated Project → Book, with the
 * glyph check, and the templates the manuscript overrides. `build`, `cover` and tests use it.
 */
import { stageRunner } from "./stages.js";
import { optimiseForText } from "./optimiser.js";
import { hasErrors, type Diagnostic } from "./diagnostics.js";
import { checkGlyphs } from "./check/glyphs.js";
import { checkLanguageScript } from "./check/language-script.js";
import { DEFAULT_LIMITS, type Limits } from "./load/limits.js";
import { createPandoc } from "./convert/index.js";
import type { BackendName, PandocBackend } from "./convert/types.js";
import type { FragmentCache } from "./convert/cache.js";
import { loadProject, type Project } from "./load/project.js";
import type { Book, BookMetadata } from "./model/book.js";
import { convertProject } from "./convert/project.js";
import { assembleBook } from "./model/assemble.js";
import { loadAssets, type AssetRef } from "./model/assets.js";
import { bookModified } from "./model/modified.js";
import { createTemplates, type Templates } from "./render/templates.js";

export interface LoadBookOptions {
  dir: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  pandoc?: "auto" | BackendName;
  timeoutMs?: number;
  /** Records milliseconds per stage (load, glyphs, pandoc, convert). */
  timings?: Record<string, number>;
  onStage?: (stage: string) => void;
  /** Caps on what the manuscript may make imprint read (image pixels, SVG complexity). */
  limits?: Partial<Limits>;
  /** A running backend to use (and leave running), e.g. shared by a packet's items or a preview session. */
  pandocBackend?: PandocBackend;
  /** Converted fragments from earlier builds (see src/convert/cache.ts). */
  fragmentCache?: FragmentCache;
  /** Prefix of every id of the Book (a packet's items: "i1-", "i2-"…; default ""). */
  namespace?: string;
  /** Called once the metadata and templates are known, before the text converts (early work: the EPUB's cover). */
  onProject?: (input: { metadata: BookMetadata; templates: Templates }) => void;
}

export interface LoadedBook {
  book: Book;
  project: Project;
  templates: Templates;
  pandoc: { backend: BackendName; version: string };
}

export async function loadBook(options: LoadBookOptions): Promise<{ value: LoadedBook | undefined; diagnostics: Diagnostic[] }> {
  const { dir, cwd = process.cwd(), env = process.env, timeoutMs = 30_000, timings = {}, onStage } = options;
  const diagnostics: Diagnostic[] = [];
  const stage = stageRunner({ timings, onStage });

  // pandoc's version probe (a process start, ~60 ms) runs while the folder and metadata load.
  const starting = options.pandocBackend
    ? Promise.resolve({ value: options.pandocBackend, diagnostics: [] })
    : stage("pandoc", () => createPandoc({ backend: options.pandoc ?? "auto", maxMemoryMb: options.limits?.pandocMemoryMb ?? DEFAULT_LIMITS.pandocMemoryMb }));
  let probed = false;
  void starting.then(() => (probed = true));
  const project = await stage("load", () => loadProject({ dir, cwd }));
  diagnostics.push(...project.diagnostics);
  if (!project.value) {
    if (!options.pandocBackend) await (await starting).value?.close();
    return { value: undefined, diagnostics };
  }
  const p = project.value;
  // The same templates the renderers get: work started on them now (the cover) is found again.
  const templates = createTemplates({ overrides: p.templateOverrides });
  // A long text is worth V8's optimising compiler (when a one-shot build deferred it).
  optimiseForText({ chars: p.texts.reduce((n, f) => n + f.text.length, 0) });
  const files = [...(p.editorialNote ? [p.editorialNote] : []), ...p.texts].map((f) => ({ path: f.displayPath, text: f.text }));
  // Work that needs only the project: the caller's (the EPUB's cover), the glyph check (which asks
  // fontconfig in a child process when the book face lacks a character) and the language check.
  // It fills the wait for pandoc's probe when there is one, else runs while pandoc converts: done
  // first, it held pandoc's start back ~0.1 s of the seed's build.
  let early: { glyphs: Promise<Diagnostic[]>; language: Promise<Diagnostic[]> } | undefined;
  const startEarly = (): { glyphs: Promise<Diagnostic[]>; language: Promise<Diagnostic[]> } => {
    if (early) return early;
    options.onProject?.({ metadata: p.metadata, templates });
    early = { glyphs: stage("glyphs", () => checkGlyphs({ files })), language: checkLanguageScript({ language: p.metadata.language, files }) };
    return early;
  };
  if (!probed) startEarly();

  const pandoc = await starting;
  diagnostics.push(...pandoc.diagnostics);
  const backend = pandoc.value;
  if (!backend) {
    const { glyphs, language } = startEarly();
    diagnostics.push(...(await language), ...(await glyphs));
    return { value: undefined, diagnostics };
  }
  try {
    const converting = stage("convert", () => convertProject({ project: p, pandoc: backend, timeoutMs, ...(options.fragmentCache ? { cache: options.fragmentCache } : {}) }));
    // Awaited below; this only keeps a failure from counting as unhandled meanwhile.
    converting.catch(() => undefined);
    // pandoc starts within this turn's promise jobs (no I/O before its spawn); the early work waits for the next.
    const { glyphs, language } = early ?? (await new Promise<ReturnType<typeof startEarly>>((resolve) => setImmediate(() => resolve(startEarly()))));
    diagnostics.push(...(await language));
    const converted = await converting;
    diagnostics.push(...converted.diagnostics);
    const refs: AssetRef[] = [];
    for (const { fragment } of [...(converted.editorialNote ? [converted.editorialNote] : []), ...converted.texts]) {
      for (const r of fragment.assetRefs) refs.push({ path: r.path, from: fragment.sourceFile, ...(r.line !== undefined ? { line: r.line } : {}) });
    }
    if (p.metadata.cover) refs.push({ path: p.metadata.cover, from: p.metadataFile });
    const assets = await stage("assets", () => loadAssets({ root: p.root, refs, ...(options.limits ? { limits: options.limits } : {}) }));
    const modified = bookModified({ env, date: p.metadata.date });
    diagnostics.push(...assets.diagnostics, ...modified.diagnostics, ...(await glyphs));
    if (modified.value === undefined || hasErrors(diagnostics)) return { value: undefined, diagnostics };
    const source = (c: { file: { path: string }; fragment: import("./convert/types.js").Fragment }) => ({ path: c.file.path, fragment: c.fragment });
    const built = await stage("model", async () =>
      assembleBook({ metadata: p.metadata, texts: converted.texts.map(source), ...(converted.editorialNote ? { editorialNote: source(converted.editorialNote) } : {}), assets: assets.assets, modified: modified.value as string, ...(options.namespace ? { namespace: options.namespace } : {}) }),
    );
    diagnostics.push(...built.diagnostics.map((d) => (d.code === "load/no-text" ? { ...d, file: p.displayRoot } : d)));
    if (!built.value || hasErrors(diagnostics)) return { value: undefined, diagnostics };
    return { value: { book: built.value, project: p, templates, pandoc: { backend: backend.name, version: backend.version } }, diagnostics };
  } finally {
    if (!options.pandocBackend) await backend.close();
  }
}
