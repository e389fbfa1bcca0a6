/** Opening a rendered EPUB in tests: its entries in zip order, as text, and quick XML probes. */
import JSZip from "jszip";
import { expect } from "vitest";
import { checkEpubOnce } from "../../support/epub-checks-memo.js";
import type { RenderResult } from "../../../src/render/types.js";

export interface OpenedEpub {
  bytes: Uint8Array;
  names: string[];
  text(name: string): Promise<string>;
  bytesOf(name: string): Promise<Uint8Array>;
}

export async function openEpub(result: RenderResult): Promise<OpenedEpub> {
  expect(result.artifacts).toHaveLength(1);
  const bytes = result.artifacts[0]!.bytes;
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files);
  return {
    bytes,
    names,
    async text(name) {
      const file = zip.file(name);
      if (!file) throw new Error(`no ${name} in the EPUB; it has ${names.join(", ")}`);
      return file.async("string");
    },
    async bytesOf(name) {
      const file = zip.file(name);
      if (!file) throw new Error(`no ${name} in the EPUB; it has ${names.join(", ")}`);
      return file.async("uint8array");
    },
  };
}

/**
 * EPUBCheck (Java), epubcheck-ts and Ace must all be silent: no error, no warning, nothing. The
 * checkers run once per distinct EPUB (a clean verdict is remembered by SHA-256 of the bytes and
 * the checkers' versions: test/support/epub-checks-memo.ts).
 */
export async function expectAllChecksClean(bytes: Uint8Array, fileName: string): Promise<void> {
  expect(await checkEpubOnce({ bytes, fileName })).toEqual([]);
}
