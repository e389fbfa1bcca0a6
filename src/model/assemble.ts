/**
 * The model stage: converted fragments + assets → one Book. Pure (no pandoc, no disk, no clock):
 * every level-1 heading opens a section (text before the first is an untitled section); ids are
 * namespaced here, so they are unique in the whole Book (and a Book can hold Books); links
 * between files (`02-b.md`, `02-b.md#sec`, or `#sec` defined in another file) resolve to those
 * ids; the contents become a tree of data that every edition reads.
 */
import path from "node:path";
import { diag, type Diagnostic, type Result } from "../diagnostics.js";
import { headingSkips } from "./heading-order.js";
import { dropEmptyHeadings } from "./empty-headings.js";
import GithubSlugger from "github-slugger";
import type { Fragment } from "../convert/types.js";
import { escapeText } from "../convert/dom.js";
import { asciiId, decodeUriPart as safeDecode, rewriteAttributes } from "./attributes.js";
import type { Asset, Block, Book, BookMetadata, EditorialNote, Heading, Note, OutlineEntry, Section, SectionRole } from "./book.js";

export interface SourceFragment {
  /** Manuscript-relative POSIX path of the file ("02-b.md"): what links between files name. */
  path: string;
  fragment: Fragment;
}

export interface AssembleOptions {
  metadata: BookMetadata;
  editorialNote?: SourceFragment;
  texts: SourceFragment[];
  assets: Asset[];
  /** The build's moment (see Book.modified). */
  modified: string;
  /** Prefix of every id ("" for a book; each item of a packet gets its own). */
  namespace?: string;
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
export function guessRole({ path: file, title }: { path: string; title?: string }): SectionRole {
  const name = file.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ");
  for (const [re, role] of ROLE_WORDS) if (re.test(name) || (title !== undefined && re.test(title.split(/[.:]/)[0] ?? ""))) return role;
  return "chapter";
}

/** An untitled section's label: its first words (never the book's title, which is not its own). */
export function openingWords({ text, words = 8 }: { text: string; words?: number }): string {
  const all = text.split(/\s+/).filter(Boolean);
  if (all.length <= words) return all.join(" ");
  return `${all.slice(0, words).join(" ").replace(/[\s,;:.—–-]+$/u, "")}…`;
}

const NOTEREF = /<a class="noteref"[^>]*>[\s\S]*?<\/a>/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const TEXT_FILE = /\.(md|markdown|rmd|qmd|txt)$/i;

interface Group {
  title?: Block;
  blocks: Block[];
  section: string;
}

/** Splits a file's blocks at its level-1 headings. */
function split(blocks: Block[]): Omit<Group, "section">[] {
  const groups: Omit<Group, "section">[] = [];
  let current: Omit<Group, "section"> | undefined;
  for (const block of blocks) {
    if (block.heading?.level === 1) {
      current = { title: block, blocks: [] };
      groups.push(current);
    } else {
      if (!current) {
        current = { blocks: [] };
        groups.push(current);
      }
      current.blocks.push(block);
    }
  }
  return groups;
}

/** Ids the notes' own HTML holds (pandoc may put ids on elements inside a note). */
function idsIn(html: string): string[] {
  const ids: string[] = [];
  rewriteAttributes({ html, rewrite: (_tag, name, value) => (name === "id" && ids.push(value), value) });
  return ids;
}

export function assembleBook(options: AssembleOptions): Result<Book | undefined> {
  const { metadata, texts, assets, modified, namespace = "" } = options;
  const diagnostics: Diagnostic[] = [];
  const used = new Set<string>();
  let fallback = 0;
  const claim = (prefix: string, raw: string): string => {
    const base = `${prefix}-${asciiId(raw) || `h${++fallback}`}`;
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    return id;
  };
  for (const reserved of ["contents", "contents-title", "editorial-note", "cover", "title-page", "imprint", "landmarks", "page-list"]) used.add(`${namespace}${reserved}`);

  // Pass 1: sections and the id map of every file.
  type FileState = { path: string; fragment: Fragment; map: Map<string, string>; groups: Group[]; githubIds: Map<string, string> };
  const files: FileState[] = [];
  let sectionCount = 0;
  const mapFile = ({ source: given, prefixOf, titled }: { source: SourceFragment; prefixOf: (group: number) => string; titled: boolean }): FileState => {
    const cleaned = dropEmptyHeadings({ blocks: given.fragment.blocks });
    diagnostics.push(...cleaned.diagnostics);
    const source = { ...given, fragment: { ...given.fragment, blocks: cleaned.blocks } };
    const map = new Map<string, string>();
    const groups = split(source.fragment.blocks).map((g, i) => ({ ...g, section: prefixOf(i) }));
    for (const g of groups) {
      if (g.title && titled) {
        // A section's title prints as its text (Heading.html has no ids), so an id inside it (a
        // Word bookmark, `# []{#anchor}Title`) names the title itself: links to it go there.
        const own = map.get(g.title.id) ?? claim(g.section, g.title.id);
        for (const id of g.title.ids) if (!map.has(id)) map.set(id, own);
      }
      for (const block of g.title && !titled ? [g.title, ...g.blocks] : g.blocks) for (const id of block.ids) if (!map.has(id)) map.set(id, claim(g.section, id));
    }
    for (const note of source.fragment.notes) {
      const owner = groups.find((g) => g.blocks.some((b) => b.noteRefs.includes(note.id)) || g.title?.noteRefs.includes(note.id)) ?? groups[0];
      const prefix = owner?.section ?? prefixOf(0);
      const id = claim(prefix, note.id);
      map.set(note.id, id).set(`ref-${note.id}`, `ref-${id}`);
      used.add(`ref-${id}`);
      for (const inner of idsIn(note.html)) if (!map.has(inner)) map.set(inner, claim(prefix, inner));
    }
    // Markdown written for GitHub links to GitHub's heading ids ("## 💵 Supporting" is
    // `#-supporting` there, `#supporting` in pandoc; a second "## Example" is `#example-1`):
    // those resolve too, when nothing else does. GitHub numbers repeats within one file.
    const githubIds = new Map<string, string>();
    const slugger = new GithubSlugger();
    for (const g of groups) {
      for (const block of g.title ? [g.title, ...g.blocks] : g.blocks) {
        if (!block.heading) continue;
        const slug = githubKey(slugger.slug(block.heading.text));
        const id = map.get(block.id);
        if (id && !githubIds.has(slug)) githubIds.set(slug, id);
      }
    }
    const state = { path: source.path, fragment: source.fragment, map, groups, githubIds };
    files.push(state);
    return state;
  };
  const note = options.editorialNote ? mapFile({ source: options.editorialNote, prefixOf: () => `${namespace}en`, titled: false }) : undefined;
  const textFiles = texts.map((source) =>
    mapFile({
      source,
      titled: true,
      prefixOf: () => {
        const id = `${namespace}s${++sectionCount}`;
        used.add(id);
        return id;
      },
    }),
  );
  // prefixOf is called once per group, in order, when the file is mapped: section ids follow it.

  // Pass 2: rewrite ids and links.
  const byPath = new Map(textFiles.map((f) => [f.path, f]));
  const assetPaths = new Set(assets.map((a) => a.path));
  const reported = new Set<string>();
  const brokenLink = ({ file, block, href, why }: { file: FileState; block?: Block; href: string; why: string }): null => {
    const key = `${file.path}\u0000${href}`;
    if (!reported.has(key)) {
      reported.add(key);
      // The link's own line, found in convert (the use nearest its block's line, which is itself
      // found from the block's words and may be a line or two late); else the block's line.
      let line = block?.line;
      let best = Infinity;
      for (const l of file.fragment.links ?? []) {
        if (l.href !== href) continue;
        const off = block?.line === undefined ? l.line : Math.abs(l.line - block.line);
        if (off < best) [best, line] = [off, l.line];
      }
      diagnostics.push(diag("model/broken-link", { message: `the link "${href}" ${why}, so it links nowhere in the editions`, file: file.fragment.sourceFile, ...(line !== undefined ? { line } : {}), hint: "Link to a file of the book (02-next.md), a heading of it (02-next.md#its-id) or an id in the book (#its-id)." }));
    }
    return null;
  };
  const lookupAnywhere = (raw: string, from: FileState): string | undefined =>
    from.map.get(raw) ?? files.find((f) => f !== from && f.map.has(raw))?.map.get(raw) ?? from.githubIds.get(githubKey(raw)) ?? files.find((f) => f.githubIds.has(githubKey(raw)))?.githubIds.get(githubKey(raw));
  const resolve = ({ file, block, href }: { file: FileState; block?: Block; href: string }): string | null => {
    if (href.startsWith("#")) {
      const raw = safeDecode(href.slice(1));
      const to = lookupAnywhere(raw, file);
      return to !== undefined ? `#${to}` : brokenLink({ file, ...(block ? { block } : {}), href, why: `points to "#${raw}", which no heading or element of the book has` });
    }
    if (SCHEME.test(href) || href.startsWith("//")) return href;
    const [target = "", frag] = href.split("#", 2);
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), safeDecode(target).replace(/^\.\//, "")));
    if (assetPaths.has(joined)) return href;
    // mdBook books link to a chapter's rendered page (intro.html) as often as to its intro.md.
    const other = byPath.get(joined) ?? (/\.html?$/i.test(joined) ? byPath.get(joined.replace(/\.html?$/i, ".md")) : undefined);
    if (!other) return brokenLink({ file, ...(block ? { block } : {}), href, why: TEXT_FILE.test(joined) ? `names "${joined}", which is not a text file of this book` : `names "${joined}", which is not part of the book` });
    if (frag === undefined || frag === "") {
      const first = other.groups[0];
      return first ? `#${first.section}` : brokenLink({ file, ...(block ? { block } : {}), href, why: `names "${joined}", which has no text` });
    }
    const to = other.map.get(safeDecode(frag)) ?? other.githubIds.get(githubKey(safeDecode(frag)));
    return to !== undefined ? `#${to}` : brokenLink({ file, ...(block ? { block } : {}), href, why: `points to "#${safeDecode(frag)}", which ${joined} does not have` });
  };
  const rewrite = ({ file, html, block }: { file: FileState; html: string; block?: Block }): string =>
    rewriteAttributes({
      html,
      rewrite: (tag, name, value) => {
        if (name === "id") return file.map.get(value) ?? value;
        if (name === "href" && tag === "a") return resolve({ file, ...(block ? { block } : {}), href: value });
        return value;
      },
    });
  const rewriteBlock = (file: FileState, block: Block): Block => {
    const out: Block = {
      ...block,
      id: file.map.get(block.id) ?? block.id,
      html: rewrite({ file, html: block.html, block }),
      ids: block.ids.map((id) => file.map.get(id) ?? id),
      noteRefs: block.noteRefs.map((id) => file.map.get(id) ?? id),
    };
    if (block.heading) out.heading = { ...block.heading, id: out.id };
    // pandoc leaves a reference to an undefined note as its literal text (code shows it on purpose).
    const literal = block.kind === "code" ? undefined : /\[\^[^\]\s<]+\]/.exec(block.html.replace(/<code\b[\s\S]*?<\/code>/g, ""))?.[0];
    if (literal) {
      diagnostics.push(diag("model/note-missing", { message: `"${literal}" refers to a note that the file does not define, so it prints as written`, file: file.fragment.sourceFile, ...(block.line !== undefined ? { line: block.line } : {}), hint: "Define it on its own line: [^1]: The note's text." }));
    }
    return out;
  };
  const rewriteNotes = (file: FileState, notes: Note[]): Note[] => notes.map((n) => ({ ...n, id: file.map.get(n.id) ?? n.id, html: rewrite({ file, html: n.html }) }));
  for (const file of files) {
    for (const d of file.fragment.duplicateIds) {
      diagnostics.push(diag("model/duplicate-id", { message: `the id "${d.id}" is given twice in this file; the second was renamed, so links reach the first`, file: file.fragment.sourceFile, ...(d.line !== undefined ? { line: d.line } : {}) }));
    }
  }

  const sections: Section[] = [];
  for (const file of textFiles) {
    const notes = rewriteNotes(file, file.fragment.notes);
    const built = file.groups.map((group) => {
      const blocks = group.blocks.map((b) => rewriteBlock(file, b));
      const titleBlock = group.title ? rewriteBlock(file, group.title) : undefined;
      const refs = new Set([...(titleBlock ? [titleBlock] : []), ...blocks].flatMap((b) => b.noteRefs));
      return { group, blocks, titleBlock, refs };
    });
    // A note goes with the section that refers to it; one nobody refers to, with the file's first.
    const referenced = new Set(built.flatMap((b) => [...b.refs]));
    built.forEach(({ group, blocks, titleBlock, refs }, i) => {
      const title: Heading | undefined = titleBlock?.heading;
      // An untitled section is named by its first words, else its first image's description; one
      // with neither gets the renderers' "Start of text" (they have the book's language).
      const label = title?.text || openingWords({ text: blocks.find((b) => b.text !== "")?.text ?? "" }) || (blocks.flatMap((b) => b.images).find((i) => i.alt?.trim())?.alt?.trim() ?? "");
      const section: Section = {
        id: group.section,
        sourceFile: file.fragment.sourceFile,
        role: guessRole({ path: file.path, ...(title ? { title: title.text } : {}) }),
        blocks,
        headings: blocks.flatMap((b) => (b.heading ? [b.heading] : [])),
        label,
        notes: notes.filter((n) => refs.has(n.id) || (i === 0 && !referenced.has(n.id))),
      };
      if (title) section.title = title;
      diagnostics.push(...headingSkips({ title, blocks }));
      const noterefs = titleBlock ? (titleBlock.html.match(NOTEREF) ?? []).join("") : "";
      if (noterefs) section.titleNoterefs = noterefs;
      if (titleBlock?.noteRefs.length) section.titleNoteRefs = titleBlock.noteRefs;
      sections.push(section);
    });
  }

  let editorialNote: EditorialNote | undefined;
  if (note) editorialNote = { sourceFile: note.fragment.sourceFile, blocks: note.fragment.blocks.map((b) => rewriteBlock(note, b)), notes: rewriteNotes(note, note.fragment.notes) };

  if (sections.length === 0) {
    diagnostics.push(diag("load/no-text", { message: "the manuscript has no text to publish" }));
    return { value: undefined, diagnostics };
  }
  const book: Book = { metadata, sections, assets, modified, outline: sections.map(outlineOf), parts: [] };
  if (editorialNote) book.editorialNote = editorialNote;
  return { value: book, diagnostics };
}

/**
 * A GitHub heading id as a lookup key: composed (NFC), without zero-width (non-)joiners, which
 * github-slugger drops and links typed by hand (or made by older renderers) keep: Persian
 * "نرم‌افزار" is written with one. Lower case: GitHub finds `#Basics` at `## Basics` (its ids
 * are lower case, its anchor lookup is not), and hand-made contents lists rely on it.
 */
function githubKey(slug: string): string {
  return slug.normalize("NFC").replace(/[\u200c\u200d]/g, "").toLowerCase();
}

/** A section's contents entry with its headings nested by level (a level-4 under a level-2 is fine). */
export function outlineOf(section: Section): OutlineEntry {
  const root: OutlineEntry = {
    id: section.id,
    sectionId: section.id,
    level: 1,
    text: section.label,
    html: section.title?.html ?? escapeText(section.label),
    children: [],
  };
  if (!section.title) root.untitled = true;
  // An untitled section that opens with a heading (a file that starts at `##`, as each of the
  // Rust book's sub-chapters does) is named by that heading: listing it again below itself
  // would show the same line twice in every contents.
  const opening = !section.title ? section.blocks.find((b) => b.text !== "") : undefined;
  const named = opening?.heading && opening.heading.id === section.headings[0]?.id && opening.heading.text.trim() === section.label ? opening.heading : undefined;
  if (named) root.html = named.html;
  const stack: OutlineEntry[] = [root];
  for (const h of named ? section.headings.slice(1) : section.headings) {
    const entry: OutlineEntry = { id: h.id, sectionId: section.id, level: h.level, text: h.text, html: h.html, children: [] };
    while (stack.length > 1 && (stack.at(-1)?.level ?? 0) >= h.level) stack.pop();
    stack.at(-1)?.children.push(entry);
    stack.push(entry);
  }
  return root;
}
