/**
 * Best-effort source lines for things found in pandoc's output: the k-th search for the same
 * text finds its k-th occurrence in the Markdown (case-insensitive), so repeated offenders
 * get successive lines.
 */
export interface SourceLocator {
  /** 1-based line of the next occurrence of `needle`, or undefined when not found. */
  find(needle: string): number | undefined;
}

/** The 1-based line of an offset in `text` (binary search over the line starts). */
export function lineIndex(text: string): (offset: number) => number {
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

export function createLocator(markdown: string): SourceLocator {
  const lower = markdown.toLowerCase();
  const lineAt = lineIndex(markdown);
  const cursors = new Map<string, number>();
  return {
    find(needle: string): number | undefined {
      const key = needle.toLowerCase();
      if (key === "") return undefined;
      const from = cursors.get(key) ?? 0;
      let at = lower.indexOf(key, from);
      if (at === -1 && from > 0) at = lower.indexOf(key);
      if (at === -1) return undefined;
      cursors.set(key, at + key.length);
      return lineAt(at);
    },
  };
}

/**
 * A URL as Markdown writes it (`](url`, `](<url`), or as raw HTML's attribute (`src="url"`), else
 * anywhere, else percent-decoded: a bare `x` had been found inside an earlier line's `x.png`.
 */
export function findUrl(locate: SourceLocator, url: string): number | undefined {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // Keep it as it is.
  }
  return locate.find(`](${url}`) ?? locate.find(`](<${decoded}`) ?? locate.find(`="${url}"`) ?? locate.find(`='${url}'`) ?? locate.find(url) ?? locate.find(decoded);
}
