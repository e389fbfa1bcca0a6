/** Shared by the packet tests: the reader fixture, one build of it per test file, its expected text. */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPacket, type BuildPacketOptions, type PacketReport } from "../../src/packet/index.js";
import { loadBook } from "../../src/load-book.js";
import type { Book } from "../../src/model/book.js";
import type { ExpectedText } from "../../src/check/fidelity.js";
import { plainText } from "../../src/render/book-text.js";
import { FIXTURES } from "../helpers/books.js";

export const READER = join(FIXTURES, "packets", "reader");
export const READER_ITEMS = ["venezuela-logbook", "civil-disobedience", "how-much-land-does-a-man-need"] as const;
export const ENV = { ...process.env, SOURCE_DATE_EPOCH: "1756684800" };

/** A fresh copy of the reader packet (tests may edit it) and an output folder. */
export async function readerCopy(): Promise<{ work: string; packet: string; out: string; cleanUp: () => Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), "imprint-packet-test-"));
  await cp(READER, join(work, "reader"), { recursive: true });
  return { work, packet: join(work, "reader"), out: join(work, "dist"), cleanUp: () => rm(work, { recursive: true, force: true }) };
}

export async function buildReader(options: Partial<BuildPacketOptions> & { packet: string; out: string }): Promise<PacketReport> {
  const { packet, ...rest } = options;
  return buildPacket({ path: packet, checks: "fast", catalogue: false, jobs: 1, env: ENV, ...rest });
}

/** An item's Book as a single build loads it: what its packet editions must carry. */
export async function itemBook(dir: string): Promise<Book> {
  const loaded = await loadBook({ dir, env: ENV });
  if (!loaded.value) throw new Error(`${dir} does not load`);
  return loaded.value.book;
}

/** Every heading and paragraph of the item, in order (titles first), and its editorial note's text. */
export function expectedOf(book: Book): { blocks: Array<ExpectedText["blocks"][number] & { noted?: boolean }>; note: string[] } {
  const blocks: Array<ExpectedText["blocks"][number] & { noted?: boolean }> = [];
  for (const s of book.sections) {
    if (s.title) blocks.push({ kind: "heading", text: s.title.text });
    // Note markers are left out: a PDF's text layer puts superscripts where their line is, not in the sentence.
    // so a paragraph with notes is expected piece by piece, in order.
    for (const b of s.blocks) {
      if (b.kind !== "paragraph" && b.kind !== "heading") continue;
      for (const piece of b.html.split(/<a class="noteref"[^>]*>[\s\S]*?<\/a>/)) {
        const text = plainText(piece.replace(/<[^>]*>/g, ""));
        if (text) blocks.push({ kind: b.kind, text, ...(b.line !== undefined ? { line: b.line } : {}), ...(b.noteRefs.length ? { noted: true } : {}) });
      }
    }
  }
  return { blocks, note: book.editorialNote?.blocks.map((b) => b.text) ?? [] };
}

export const readBytes = async (path: string): Promise<Uint8Array> => new Uint8Array(await readFile(path));
