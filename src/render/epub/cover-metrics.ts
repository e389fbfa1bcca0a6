/**
 * Just enough of an OpenType font to lay out the generated cover without a browser: units per em,
 * the line metrics CSS uses for `line-height: normal` and for placing a baseline in a line box,
 * and advance widths by code point (cmap formats 4 and 12, hmtx). Kerning is left out: widths
 * only decide where lines wrap, and resvg itself shapes and centres each line.
 */
export interface FontMetrics {
  unitsPerEm: number;
  ascender: number;
  /** Positive: the depth below the baseline. */
  descender: number;
  lineGap: number;
  advance(codePoint: number): number | undefined;
}

function tables(view: DataView): Map<string, { offset: number; length: number }> {
  const count = view.getUint16(4);
  const out = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
    out.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return out;
}

/** code point → glyph id, from the best Unicode subtable (format 12 preferred, else 4). */
function readCmap(view: DataView, base: number): (cp: number) => number {
  const count = view.getUint16(base + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const at = base + 4 + i * 8;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const sub = base + view.getUint32(at + 4);
    const format = view.getUint16(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 ??= sub;
    if (format === 4) format4 ??= sub;
  }
  if (format12 !== undefined) {
    const sub = format12;
    const groups = view.getUint32(sub + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = sub + 16 + mid * 12;
        const start = view.getUint32(g);
        const end = view.getUint32(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return view.getUint32(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (format4 === undefined) return () => 0;
  const sub = format4;
  const segs = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const ranges = deltas + segs * 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segs; i++) {
      if (cp > view.getUint16(ends + i * 2)) continue;
      const start = view.getUint16(starts + i * 2);
      if (cp < start) return 0;
      const delta = view.getInt16(deltas + i * 2);
      const rangeOffset = view.getUint16(ranges + i * 2);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = view.getUint16(ranges + i * 2 + rangeOffset + (cp - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

export function readFontMetrics(bytes: Uint8Array): FontMetrics {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t = tables(view);
  const need = (tag: string) => {
    const e = t.get(tag);
    if (!e) throw new Error(`the font has no ${tag} table`);
    return e.offset;
  };
  const head = need("head");
  const hhea = need("hhea");
  const hmtx = need("hmtx");
  const glyphOf = readCmap(view, need("cmap"));
  const unitsPerEm = view.getUint16(head + 18);
  const metricCount = view.getUint16(hhea + 34);
  const os2 = t.get("OS/2")?.offset;
  // Chromium uses the typo metrics when the font asks for them (USE_TYPO_METRICS), else hhea.
  const useTypo = os2 !== undefined && (view.getUint16(os2 + 62) & 0x80) !== 0;
  const ascender = useTypo ? view.getInt16((os2 as number) + 68) : view.getInt16(hhea + 4);
  const descender = -(useTypo ? view.getInt16((os2 as number) + 70) : view.getInt16(hhea + 6));
  const lineGap = useTypo ? view.getInt16((os2 as number) + 72) : view.getInt16(hhea + 8);
  return {
    unitsPerEm,
    ascender,
    descender,
    lineGap,
    advance(cp) {
      const glyph = glyphOf(cp);
      if (glyph === 0) return undefined;
      return view.getUint16(hmtx + Math.min(glyph, metricCount - 1) * 4);
    },
  };
}
