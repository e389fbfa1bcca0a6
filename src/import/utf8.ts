/** Strict UTF-8 decoding that, on failure, names the line and column of the first bad byte. */
import { diag, type Diagnostic } from "../diagnostics.js";

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return undefined;
}

export function decodeUtf8(options: { bytes: Uint8Array; file: string }): { text: string | undefined; diagnostics: Diagnostic[] } {
  const bad = firstInvalidUtf8Offset(options.bytes);
  if (bad === undefined) return { text: new TextDecoder("utf-8", { fatal: true }).decode(options.bytes), diagnostics: [] };
  const before = options.bytes.subarray(0, bad);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = before.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
  const column = new TextDecoder().decode(before.subarray(lineStart)).length + 1;
  const hex = (options.bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return {
    text: undefined,
    diagnostics: [
      diag("load/encoding", {
        file: options.file,
        line,
        column,
        message: `the file is not valid UTF-8 (byte 0x${hex} at offset ${bad}); imprint reads UTF-8 only`,
        hint: "Re-save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`.",
      }),
    ],
  };
}
