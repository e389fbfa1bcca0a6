/**
 * Every Markdown file of a project through the convert stage, a few at a time (native pandoc is
 * one process per file; the wasm backend queues them itself). Results keep the files' order.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Project, SourceFile } from "../load/project.js";
import { fragmentKey, type FragmentCache } from "./cache.js";
import { pool } from "../pool.js";
import { BATCH_FILES, coalescingPandoc } from "./coalesce.js";
import { convertMarkdown } from "./index.js";
import type { ConvertOutcome, Fragment, PandocBackend } from "./types.js";

export interface ConvertedFile {
  file: SourceFile;
  fragment: Fragment;
}

export interface ConvertedProject {
  editorialNote?: ConvertedFile;
  texts: ConvertedFile[];
  diagnostics: Diagnostic[];
}

const PARALLEL = 4;
/** The fewest files to convert that are worth batched pandoc runs (coalesce.ts, batch.ts). */
const BATCH_MIN = 4;

export async function convertProject({ project, pandoc, timeoutMs, cache }: { project: Project; pandoc: PandocBackend; timeoutMs: number; cache?: FragmentCache }): Promise<ConvertedProject> {
  const files = [...(project.editorialNote ? [project.editorialNote] : []), ...project.texts];
  const keys = files.map((file) => (cache ? fragmentKey({ markdown: file.text, sourceFile: file.displayPath, backend: pandoc.name, version: pandoc.version }) : ""));
  const hits = await Promise.all(keys.map((key) => (cache ? cache.get(key) : undefined)));
  const misses = hits.filter((h) => !h).length;
  // Many files: asked side by side, they go to native pandoc in batches of ten, two batches at a
  // time (one per core); a batch that cannot convert something for certain gives way to runs per file.
  const batched = misses >= BATCH_MIN ? coalescingPandoc(pandoc) : pandoc;
  const results = await pool({
    list: files,
    jobs: batched === pandoc ? PARALLEL : 2 * BATCH_FILES,
    work: async (file, i): Promise<ConvertOutcome> => {
      const hit = hits[i];
      if (hit) return hit;
      const result = await convertMarkdown({ pandoc: batched, request: { markdown: file.text, sourceFile: file.displayPath, timeoutMs } });
      // Timeouts and crashes are not cached: they depend on the machine, not the text.
      if (cache && result.fragment) await cache.set(keys[i] as string, result);
      return result;
    },
  });
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const converted = files.map((file, i) => ({ file, fragment: results[i]?.fragment }));
  const ok = (c: { file: SourceFile; fragment: Fragment | undefined }): c is ConvertedFile => c.fragment !== undefined;
  const out: ConvertedProject = { texts: [], diagnostics };
  const [first, ...rest] = converted;
  if (project.editorialNote && first) {
    if (ok(first)) out.editorialNote = first;
    out.texts = rest.filter(ok);
  } else out.texts = converted.filter(ok);
  return out;
}
