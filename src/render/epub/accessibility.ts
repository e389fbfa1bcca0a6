/**
 * Accessibility metadata computed from what the EPUB actually contains (EPUB Accessibility 1.1,
 * schema.org properties). Conformance is claimed only when every rule below holds for this book;
 * the rules are the WCAG 2.1 AA points that the *content* decides and that our templates do not
 * already guarantee (language, titles, navigation, landmarks, roles and contrast are fixed by the
 * templates and verified on every test build by Ace and EPUBCheck):
 *   - every image has non-empty alternative text;
 *   - every note reference has its note (no dangling links);
 *   - the book has at least one section with text.
 * The claim is made by the publisher's build tool, so `a11y:certifiedBy` names that tool honestly
 * ("imprint automated checks"), not a human evaluator.
 */
import { allBlocks, allNotes, type Book } from "../../model/book.js";
import { findImages } from "./xhtml.js";
import { bookHasMath } from "../../model/mathml.js";

/** The conformance string EPUB Accessibility 1.1 asks for (section 2.1). */
export const CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";
export const CERTIFIED_BY = "imprint automated checks";

export interface AccessibilityMetadata {
  accessModes: string[];
  accessModeSufficient: string[];
  features: string[];
  hazards: string[];
  summary: string;
  conformsTo?: string;
  certifiedBy?: string;
  pageBreakSource?: string;
}

export interface AccessibilityFacts {
  imageCount: number;
  imagesWithoutAlt: number;
  danglingNoteRefs: number;
  hasNotes: boolean;
  hasPageList: boolean;
  /** Animated or time-based media (GIF, video, audio) whose hazards we cannot judge. */
  hasTimedMedia: boolean;
  /** Formulas, as MathML (with their TeX source as an annotation). */
  hasMath?: boolean;
  pageBreakSource?: string;
}

/** Facts about the book's content that the metadata is computed from. */
export function accessibilityFacts({ book, hasPageList, pageBreakSource }: { book: Book; hasPageList: boolean; pageBreakSource?: string }): AccessibilityFacts {
  let imageCount = 0;
  let imagesWithoutAlt = 0;
  let danglingNoteRefs = 0;
  let hasNotes = false;
  const notes = allNotes(book);
  const noteIds = new Set(notes.map((n) => n.id));
  hasNotes = notes.length > 0;
  const hasMath = bookHasMath(book);
  for (const { block } of allBlocks(book)) {
    for (const img of block.images) {
      imageCount += 1;
      if (!img.alt || img.alt.trim() === "") imagesWithoutAlt += 1;
    }
    for (const ref of block.noteRefs) if (!noteIds.has(ref)) danglingNoteRefs += 1;
  }
  for (const s of book.sections) for (const ref of s.titleNoteRefs ?? []) if (!noteIds.has(ref)) danglingNoteRefs += 1;
  // Images inside notes are counted too (notes hold HTML, not blocks).
  for (const note of notes) {
    for (const img of findImages(note.html)) {
      imageCount += 1;
      if (!img.alt || img.alt.trim() === "") imagesWithoutAlt += 1;
    }
  }
  const hasTimedMedia = book.assets.some((a) => /^(image\/gif|image\/apng|video\/|audio\/)/.test(a.mediaType));
  const facts: AccessibilityFacts = { imageCount, imagesWithoutAlt, danglingNoteRefs, hasNotes, hasPageList, hasTimedMedia, ...(hasMath ? { hasMath } : {}) };
  if (pageBreakSource) facts.pageBreakSource = pageBreakSource;
  return facts;
}

export function accessibilityMetadata({ facts, sectionCount }: { facts: AccessibilityFacts; sectionCount: number }): AccessibilityMetadata {
  const hasImages = facts.imageCount > 0;
  const allAlt = facts.imagesWithoutAlt === 0;
  const accessModes = hasImages ? ["textual", "visual"] : ["textual"];
  // Text alone suffices only when every image has a text alternative.
  const accessModeSufficient = hasImages ? (allAlt ? ["textual", "textual,visual"] : ["textual,visual"]) : ["textual"];
  const features = ["displayTransformability", "readingOrder", "structuralNavigation", "tableOfContents"];
  if (hasImages && allAlt) features.push("alternativeText");
  if (facts.hasPageList) features.push("pageNavigation", "printPageNumbers");
  if (facts.hasMath) features.push("MathML");
  features.sort();

  const sentences: string[] = [];
  sentences.push(
    "This publication has a table of contents, headings and landmarks for navigation, a logical reading order, and text that reading systems can restyle.",
  );
  if (hasImages) {
    sentences.push(
      allAlt
        ? facts.imageCount === 1
          ? "Its image has a text alternative."
          : `All ${facts.imageCount} images have text alternatives.`
        : `${facts.imagesWithoutAlt} of ${facts.imageCount} images lack text alternatives.`,
    );
  } else sentences.push("It contains no images.");
  if (facts.hasNotes) sentences.push("Notes are linked from the text and link back to it.");
  if (facts.hasMath) sentences.push("Mathematics is marked up as MathML, with each formula's TeX source.");
  if (facts.hasPageList) sentences.push("Page numbers of the print edition are marked and listed for navigation.");
  sentences.push(facts.hasTimedMedia ? "It contains animated or time-based media whose hazards have not been assessed." : "No flashing, motion or sound hazards.");

  const passes = allAlt && facts.danglingNoteRefs === 0 && sectionCount > 0;
  if (passes) sentences.push("It meets WCAG 2.1 Level AA as checked by the publisher's automated tools.");

  const meta: AccessibilityMetadata = {
    accessModes,
    accessModeSufficient,
    features,
    hazards: facts.hasTimedMedia ? ["unknown"] : ["none"],
    summary: sentences.join(" "),
  };
  if (passes) {
    meta.conformsTo = CONFORMS_TO;
    meta.certifiedBy = CERTIFIED_BY;
  }
  if (facts.hasPageList && facts.pageBreakSource) meta.pageBreakSource = facts.pageBreakSource;
  return meta;
}
