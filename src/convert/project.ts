/**
 * Every Markdown file of a project through the convert stage, a few at a time (native pandoc is
 * one process per file; the wasm backend queues them itself). Results keep the files' order.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Project, SourceFile } from "../load/project.js";
import { fragmentKey, type FragmentCache } from "./cache.js";
import { batchInputs, runBatch } from "./batch.js";
import { convertMarkdown, finishMarkdown, prepareMarkdown, type PreparedMarkdown } from "./index.js";
import type { ConvertOutcome, Fragment, PandocBackend, PandocOutput } from "./types.js";

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
/** Files per batched pandoc run (batch.ts), and the fewest worth batching. */
const BATCH_FILES = 10;
const BATCH_MIN = 4;

type Outcome = { fragment: Fragment | undefined; diagnostics: Diagnostic[] };

export async function convertProject({ project, pandoc, timeoutMs, cache }: { project: Project; pandoc: PandocBackend; timeoutMs: number; cache?: FragmentCache }): Promise<ConvertedProject> {
  const files = [...(project.editorialNote ? [project.editorialNote] : []), ...project.texts];
  const results: Outcome[] = new Array(files.length);
  const keys = files.map((file) => (cache ? fragmentKey({ markdown: file.text, sourceFile: file.displayPath, backend: pandoc.name, version: pandoc.version }) : ""));
  const store = async (i: number, result: Outcome): Promise<void> => {
    // Timeouts and crashes are not cached: they depend on the machine, not the text.
    if (cache && result.fragment) await cache.set(keys[i] as string, result as ConvertOutcome);
    results[i] = result;
  };
  const misses: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const hit = cache ? await cache.get(keys[i] as string) : undefined;
    if (hit) results[i] = hit;
    else misses.push(i);
  }
  const request = (i: number) => ({ markdown: (files[i] as SourceFile).text, sourceFile: (files[i] as SourceFile).displayPath, timeoutMs });
  // Many files: a native pandoc run per ten of them, two at a time (one per core); what a batch
  // cannot convert for certain goes one by one below.
  let single = misses;
  if (pandoc.runFiles && misses.length >= BATCH_MIN) {
    const groups: number[][] = [];
    for (let g = 0; g < misses.length; g += BATCH_FILES) groups.push(misses.slice(g, g + BATCH_FILES));
    const left: number[] = [];
    let nextGroup = 0;
    const batcher = async (): Promise<void> => {
      while (nextGroup < groups.length) {
        const group = groups[nextGroup++] as number[];
        const prepared = group.map((i) => prepareMarkdown(request(i)));
        const outputs = await runBatch({ pandoc, files: batchInputs(prepared), timeoutMs });
        if (!outputs) {
          left.push(...group);
          continue;
        }
        for (let j = 0; j < group.length; j++) await store(group[j] as number, finishMarkdown({ prepared: prepared[j] as PreparedMarkdown, output: outputs[j] as PandocOutput }));
      }
    };
    await Promise.all([batcher(), batcher()]);
    single = left.sort((a, b) => a - b);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < single.length) {
      const i = single[next++] as number;
      await store(i, await convertMarkdown({ pandoc, request: request(i) }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, single.length) }, worker));
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
