/**
 * The shared front half of every command: manuscript folder → validated Project → Book, with the
 * glyph check, and the templates the manuscript overrides. `build`, `cover` and tests use it.
 */
import { stageRunner } from "./stages.js";
import { hasErrors, type Diagnostic } from "./diagnostics.js";
import { checkGlyphs } from "./check/glyphs.js";
import { createPandoc } from "./convert/index.js";
import type { BackendName } from "./convert/types.js";
import { loadProject, type Project } from "./load/project.js";
import type { Book } from "./model/book.js";
import { buildBook } from "./model/build-book.js";
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

  const project = await stage("load", () => loadProject({ dir, cwd }));
  diagnostics.push(...project.diagnostics);
  if (!project.value) return { value: undefined, diagnostics };
  const p = project.value;
  const files = [...(p.editorialNote ? [p.editorialNote] : []), ...p.texts].map((f) => ({ path: f.displayPath, text: f.text }));
  // The glyph check asks fontconfig (a child process) while pandoc converts.
  const glyphs = stage("glyphs", () => checkGlyphs({ files }));

  const pandoc = await stage("pandoc", () => createPandoc({ backend: options.pandoc ?? "auto" }));
  diagnostics.push(...pandoc.diagnostics);
  const backend = pandoc.value;
  if (!backend) {
    diagnostics.push(...(await glyphs));
    return { value: undefined, diagnostics };
  }
  try {
    const built = await stage("convert", () => buildBook({ project: p, pandoc: backend, timeoutMs, env }));
    diagnostics.push(...built.diagnostics, ...(await glyphs));
    if (!built.value || hasErrors(diagnostics)) return { value: undefined, diagnostics };
    const templates = createTemplates({ overrides: p.templateOverrides });
    return { value: { book: built.value, project: p, templates, pandoc: { backend: backend.name, version: backend.version } }, diagnostics };
  } finally {
    await backend.close();
  }
}
