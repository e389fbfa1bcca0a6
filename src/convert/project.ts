/**
 * Every Markdown file of a project through the convert stage, a few at a time (native pandoc is
 * one process per file; the wasm backend queues them itself). Results keep the files' order.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Project, SourceFile } from "../load/project.js";
import { fragmentKey, type FragmentCache } from "./cache.js";
import { convertMarkdown } from "./index.js";
import type { Fragment, PandocBackend } from "./types.js";

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

export async function convertProject({ project, pandoc, timeoutMs, cache }: { project: Project; pandoc: PandocBackend; timeoutMs: number; cache?: FragmentCache }): Promise<ConvertedProject> {
  const files = [...(project.editorialNote ? [project.editorialNote] : []), ...project.texts];
  const results: Array<{ fragment: Fragment | undefined; diagnostics: Diagnostic[] }> = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i];
      if (!file) continue;
      const key = cache ? fragmentKey({ markdown: file.text, sourceFile: file.displayPath, backend: pandoc.name, version: pandoc.version }) : "";
      const hit = cache ? await cache.get(key) : undefined;
      if (hit) {
        results[i] = hit;
        continue;
      }
      const result = await convertMarkdown({ pandoc, request: { markdown: file.text, sourceFile: file.displayPath, timeoutMs } });
      // Timeouts and crashes are not cached: they depend on the machine, not the text.
      if (cache && result.fragment) await cache.set(key, result);
      results[i] = result;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
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
