/**
 * The generated cover, started as soon as the metadata is known (build.ts, through the EPUB
 * target's prepare) so it is drawn while pandoc converts. A module of its own: importing the
 * whole EPUB renderer first (its zip, documents and checks) held the cover's start back ~0.2 s
 * of an EPUB-only build run from lib/ (IMPRINT_NO_BUNDLE=1), where the EPUB then waited for it.
 */
import type { BookMetadata } from "../../model/book.js";
import { labelsFor } from "../labels.js";
import type { Templates } from "../templates.js";
import { makeCover } from "./cover.js";

export type CoverResult = Awaited<ReturnType<typeof makeCover>>;
/** Covers started early, by the metadata they were drawn from (the Book keeps that object). */
const prepared = new WeakMap<BookMetadata, { templates: Templates; cover: Promise<CoverResult> }>();

/**
 * Starts drawing the generated cover (in a worker thread). A cover from the book's own files
 * needs the Book and is taken when the EPUB is put together.
 */
export function prepareEpub({ metadata, templates }: { metadata: BookMetadata; templates: Templates }): void {
  if (metadata.cover || prepared.has(metadata)) return;
  const cover = makeCover({ book: { metadata, assets: [] }, templates, labels: labelsFor({ metadata, templates }) });
  // A failure surfaces where the cover is awaited (renderEpub), not as an unhandled rejection.
  cover.catch(() => undefined);
  prepared.set(metadata, { templates, cover });
}

/** The cover prepareEpub started for this metadata and these templates, if it did. */
export function preparedCover({ metadata, templates }: { metadata: BookMetadata; templates: Templates }): Promise<CoverResult> | undefined {
  const started = prepared.get(metadata);
  return started && started.templates === templates ? started.cover : undefined;
}
