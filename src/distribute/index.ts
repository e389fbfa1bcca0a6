/**
 * Distribution writers for a built packet. CONTRACT STUBS: the distribution branch replaces these
 * bodies; the packet branch calls them. Signatures are fixed.
 */
import type { Catalogue } from "./catalogue.js";

export type { Catalogue } from "./catalogue.js";

/** The phone-readable landing page `index.html`: self-contained, no scripts, dark mode. */
export async function landingPage(_options: { catalogue: Catalogue }): Promise<string> {
  throw new Error("landingPage: not implemented yet");
}

/** `opds.xml`: an OPDS 1.2 acquisition feed of the packet and every item. */
export function opdsXml(_options: { catalogue: Catalogue }): string {
  throw new Error("opdsXml: not implemented yet");
}

/** `opds.json`: the OPDS 2.0 feed of the same. */
export function opdsJson(_options: { catalogue: Catalogue }): string {
  throw new Error("opdsJson: not implemented yet");
}

export interface BookletOptions {
  pdf: Uint8Array;
  /** Landscape sheet; default chosen from the page size (A4 for ISO trims, else letter). */
  sheet?: "letter" | "a4";
  /** Sheets per signature; default one signature for the whole booklet. */
  signature?: number;
}

export interface BookletResult {
  pdf: Uint8Array;
  sheets: number;
  signatures: number;
  /** Printing instructions, for the build report (also printed in the first sheet's margin). */
  instructions: string;
}

/** Saddle-stitch imposition: two pages up on a landscape sheet, padded to a multiple of four. */
export async function imposeBooklet(_options: BookletOptions): Promise<BookletResult> {
  throw new Error("imposeBooklet: not implemented yet");
}

/** A QR code of `url` as SVG markup (for the print imprint page and the landing page). */
export async function qrSvg(_options: { url: string }): Promise<string> {
  throw new Error("qrSvg: not implemented yet");
}

/** A zip of `files` (paths relative to `dir`) inside one top folder `top/`, deterministic bytes. */
export async function zipFolder(_options: { dir: string; files: string[]; top: string }): Promise<Uint8Array> {
  throw new Error("zipFolder: not implemented yet");
}
