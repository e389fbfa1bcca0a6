/**
 * Helpers for the navigation document (epub-nav.liquid renders the contents through the shared
 * contents.liquid partial): landmark entries and heading labels fit for nav links.
 */

import { withoutAnnotations } from "../../model/mathml.js";

export interface Landmark {
  type: string;
  href: string;
  label: string;
}

/**
 * A heading's inline html fit for a nav link: note references dropped, links unwrapped, ids
 * removed, and a formula's TeX annotation dropped (a reading system's contents panel shows a
 * link's plain text: "The L2 norm", not "The L2L^2 norm").
 */
export function navLabel(html: string): string {
  return withoutAnnotations(html)
    .replace(/<a\b[^>]*class="noteref"[^>]*>.*?<\/a>/g, "")
    .replace(/<\/?a\b[^>]*>/g, "")
    .replace(/\s(id|role|epub:type)="[^"]*"/g, "")
    .trim();
}
