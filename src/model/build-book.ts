/**
 * Project → Book: convert every file with pandoc (through the adapter), take each file's leading
 * level-1 heading as its section title, gather the images it refers to, and fix the build's
 * moment. The renderers see only the result.
 */
import { diag, hasErrors, type Diagnostic, type Result } from "../diagnostics.js";
import { convertMarkdown } from "../convert/index.js";
import type { Fragment, PandocBackend } from "../convert/types.js";
import type { Project, SourceFile } from "../load/project.js";
import { loadAssets, type AssetRef } from "./assets.js";
import type { Book, EditorialNote, Section, SectionRole } from "./book.js";
import { bookModified } from "./modified.js";

export interface BuildBookOptions {
  project: Project;
  pandoc: PandocBackend;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

const ROLE_WORDS: Array<[RegExp, SectionRole]> = [
  [/\bpreface\b/i, "preface"],
  [/\bintroduction\b/i, "introduction"],
  [/\bforeword\b/i, "foreword"],
  [/\bafterword\b/i, "afterword"],
  [/\bappendix\b/i, "appendix"],
  [/\bepilogue\b/i, "epilogue"],
  [/\bprologue\b/i, "prologue"],
];

/** A file called `01-preface.md`, or whose title is "Preface to the 1888 edition", is a preface. */
function guessRole({ path, title }: { path: string; title?: string }): SectionRole {
  const name = path.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ");
  for (const [re, role] of ROLE_WORDS) if (re.test(name) || (title !== undefined && re.test(title.split(/[.:]/)[0] ?? ""))) return role;
  return "chapter";
}

const LEADING_H1 = /^\s*<h1\b[^>]*>[\s\S]*?<\/h1>\s*/;
const NOTEREF = /<a class="noteref"[^>]*>[\s\S]*?<\/a>/g;

function toSection({ fragment, file, index }: { fragment: Fragment; file: SourceFile; index: number }): Section {
  let html = fragment.html;
  let headings = fragment.headings;
  let title: Section["title"];
  let titleNoterefs = "";
  const first = headings[0];
  if (first?.level === 1 && LEADING_H1.test(html) && headings.filter((h) => h.level === 1).length === 1) {
    title = first;
    titleNoterefs = (LEADING_H1.exec(html)?.[0].match(NOTEREF) ?? []).join("");
    html = html.replace(LEADING_H1, "");
    headings = headings.slice(1);
  }
  const section: Section = { id: `s${index + 1}`, sourceFile: file.displayPath, role: guessRole({ path: file.path, ...(title ? { title: title.text } : {}) }), html, headings, notes: fragment.notes };
  if (title) section.title = title;
  if (titleNoterefs) section.titleNoterefs = titleNoterefs;
  return section;
}

export async function buildBook({ project, pandoc, timeoutMs, env }: BuildBookOptions): Promise<Result<Book | undefined>> {
  const diagnostics: Diagnostic[] = [];
  const modified = bookModified({ env, date: project.metadata.date });
  diagnostics.push(...modified.diagnostics);

  const convert = async (file: SourceFile, idPrefix: string) => {
    const outcome = await convertMarkdown({ pandoc, request: { markdown: file.text, sourceFile: file.displayPath, idPrefix, timeoutMs } });
    diagnostics.push(...outcome.diagnostics);
    return outcome.fragment;
  };

  const refs: AssetRef[] = [];
  const collect = (fragment: Fragment) => {
    for (const r of fragment.assetRefs) refs.push({ path: r.path, from: fragment.sourceFile, ...(r.line !== undefined ? { line: r.line } : {}) });
  };

  let editorialNote: EditorialNote | undefined;
  if (project.editorialNote) {
    const fragment = await convert(project.editorialNote, "en-");
    if (fragment) {
      collect(fragment);
      editorialNote = { sourceFile: fragment.sourceFile, html: fragment.html, notes: fragment.notes };
    }
  }

  const sections: Section[] = [];
  for (const [index, file] of project.texts.entries()) {
    const fragment = await convert(file, `s${index + 1}-`);
    if (!fragment) continue;
    collect(fragment);
    sections.push(toSection({ fragment, file, index }));
  }

  if (project.metadata.cover) refs.push({ path: project.metadata.cover, from: project.metadataFile });
  const assets = await loadAssets({ root: project.root, refs });
  diagnostics.push(...assets.diagnostics);

  if (modified.value === undefined || hasErrors(diagnostics)) return { value: undefined, diagnostics };
  if (sections.length === 0) {
    diagnostics.push(diag("load/no-text", { message: "the manuscript has no text to publish", file: project.displayRoot }));
    return { value: undefined, diagnostics };
  }
  const book: Book = { metadata: project.metadata, sections, assets: assets.assets, modified: modified.value, parts: [] };
  if (editorialNote) book.editorialNote = editorialNote;
  return { value: book, diagnostics };
}
