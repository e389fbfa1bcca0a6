/**
 * Comments and tracked changes of a .docx, as pandoc's `--track-changes=all` marks them in its
 * JSON AST: `Span.comment-start` (holding the comment's text, with id, author and date),
 * `Span.comment-end`, `Span.insertion`, `Span.deletion` and the empty `paragraph-insertion` /
 * `paragraph-deletion` marks on paragraph ends.
 *
 * Tracked changes are accepted, as Word shows the final text (insertions kept, deletions
 * dropped, a deleted paragraph mark joins two paragraphs), and counted so the import can say so.
 * Comments are dropped or, on request, kept as footnotes at the end of the commented passage;
 * either way they are counted. Nothing here is silent: the caller turns the counts into warnings.
 */
import { isInlineList, isNode, type Json, type Node } from "./pandoc-ast.js";

export type CommentMode = "notes" | "drop";

export interface ReviewCounts {
  comments: number;
  insertions: number;
  deletions: number;
}

type Attr = [string, string[], [string, string][]];

function spanParts(node: Node): { attr: Attr; content: Json[] } | undefined {
  if (node.t !== "Span" || !Array.isArray(node.c)) return undefined;
  const [attr, content] = node.c;
  if (!Array.isArray(attr) || !Array.isArray(content)) return undefined;
  return { attr: attr as unknown as Attr, content };
}

const classOf = (attr: Attr, name: string): boolean => Array.isArray(attr[1]) && attr[1].includes(name);
const attrValue = (attr: Attr, key: string): string | undefined => (Array.isArray(attr[2]) ? attr[2].find((kv) => kv[0] === key)?.[1] : undefined);

/** Stands where a deleted paragraph mark was, until the paragraphs around it are joined. */
const JOIN = "\u0000imprint-join";

/** Ids of the comments whose end mark exists somewhere in the document. */
function commentEnds(value: Json, ids: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) commentEnds(v, ids);
  else if (isNode(value)) {
    const span = spanParts(value);
    if (span && classOf(span.attr, "comment-end")) ids.add(attrValue(span.attr, "id") ?? "");
    if (value.c !== undefined) commentEnds(value.c, ids);
  } else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) commentEnds(v, ids);
  return ids;
}

function noteFor(span: { attr: Attr; content: Json[] }): Json {
  const author = attrValue(span.attr, "author");
  const by: Json[] = author ? [{ t: "Space" }, { t: "Str", c: "—" }, { t: "Space" }, { t: "Str", c: author }] : [];
  return { t: "Note", c: [{ t: "Para", c: [...span.content, ...by] }] };
}

/** Applies the review marks of a pandoc document's blocks in place; returns what it found. */
export function applyReviewMarks(options: { blocks: Json; comments: CommentMode }): ReviewCounts {
  const counts: ReviewCounts = { comments: 0, insertions: 0, deletions: 0 };
  const ends = commentEnds(options.blocks, new Set());
  const pending = new Map<string, Json>();
  const emptied = new WeakSet<object>();

  const inlines = (list: Json[]): Json[] => {
    const out: Json[] = [];
    for (const item of list) {
      const span = isNode(item) ? spanParts(item) : undefined;
      if (!span) {
        visit(item);
        out.push(item);
      } else if (classOf(span.attr, "comment-start")) {
        counts.comments++;
        if (options.comments === "notes") {
          const note = noteFor(span);
          visit(note);
          const id = attrValue(span.attr, "id") ?? "";
          if (ends.has(id)) pending.set(id, note);
          else out.push(note);
        }
      } else if (classOf(span.attr, "comment-end")) {
        out.push(...inlines(span.content));
        const note = pending.get(attrValue(span.attr, "id") ?? "");
        // Right after the commented word, not after the space that follows it.
        const last = out[out.length - 1];
        if (note && isNode(last) && last.t === "Space") out.splice(out.length - 1, 0, note);
        else if (note) out.push(note);
      } else if (classOf(span.attr, "insertion")) {
        counts.insertions++;
        out.push(...inlines(span.content));
      } else if (classOf(span.attr, "deletion")) {
        counts.deletions++;
      } else if (classOf(span.attr, "paragraph-deletion")) {
        out.push({ t: "Str", c: JOIN });
      } else if (!classOf(span.attr, "paragraph-insertion")) {
        visit(item);
        out.push(item);
      }
    }
    return out;
  };

  const blocks = (list: Json[]): Json[] => {
    const out: Json[] = [];
    for (const block of list) {
      visit(block);
      if (isNode(block) && (block.t === "Para" || block.t === "Plain") && Array.isArray(block.c)) {
        if (block.c.length === 0 && emptied.has(block.c)) continue;
        const previous = out[out.length - 1];
        if (isNode(previous) && previous.t === block.t && Array.isArray(previous.c) && endsWithJoin(previous.c)) {
          previous.c.pop();
          previous.c.push(...block.c);
          continue;
        }
      }
      out.push(block);
    }
    for (const b of out) if (isNode(b) && Array.isArray(b.c) && endsWithJoin(b.c)) b.c.pop();
    return out;
  };

  function visit(value: Json): void {
    if (Array.isArray(value)) {
      const isInline = isInlineList(value);
      const before = value.length;
      const next = isInline ? inlines(value) : value.some((v) => isNode(v) && (v.t === "Para" || v.t === "Plain")) ? blocks(value) : (value.forEach(visit), value);
      if (isInline && before > 0 && next.length === 0) emptied.add(value);
      if (next !== value) value.splice(0, value.length, ...next);
    } else if (isNode(value)) {
      if (value.c !== undefined) visit(value.c);
    } else if (typeof value === "object" && value !== null) {
      for (const v of Object.values(value)) visit(v);
    }
  }

  visit(options.blocks);
  return counts;
}

function endsWithJoin(list: Json[]): boolean {
  const last = list[list.length - 1];
  return isNode(last) && last.t === "Str" && last.c === JOIN;
}

/** "3 comments were left out; …" and "2 tracked changes (1 insertion, 1 deletion) were accepted". */
export function reviewMessages(options: { counts: ReviewCounts; comments: CommentMode }): { comments?: string; changes?: string } {
  const { comments, insertions, deletions } = options.counts;
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const out: { comments?: string; changes?: string } = {};
  if (comments > 0) {
    out.comments = options.comments === "notes"
      ? `${plural(comments, "comment was", "comments were")} kept as footnotes (text and author); remove them before publishing if they are not meant for readers`
      : `${plural(comments, "comment was", "comments were")} left out; use --comments notes to keep them as notes`;
  }
  const changes = insertions + deletions;
  if (changes > 0) {
    out.changes = `${plural(changes, "tracked change", "tracked changes")} (${plural(insertions, "insertion", "insertions")}, ${plural(deletions, "deletion", "deletions")}) ${changes === 1 ? "was" : "were"} accepted, as Word shows the final text; check the text, or accept or reject them in Word and import again`;
  }
  return out;
}
