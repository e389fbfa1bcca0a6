/**
 * Where an XML text has a bare `&` (one that starts no entity or character reference). saxes
 * flags the document as not well-formed but reads such an `&` as the start of an entity name up
 * to the next `;` or the end of the file, so its error lands far from the mistake; this finds the
 * line of the `&` itself. Comments, CDATA sections, processing instructions and the DOCTYPE are
 * skipped, since an `&` is legal there.
 */
const REFERENCE = /&(?:[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7-\uFFFF]*|#[0-9]+|#x[0-9A-Fa-f]+);/y;

export function bareAmpersandLine(text: string): number | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "<") {
      const close = text.startsWith("<!--", i) ? "-->" : text.startsWith("<![CDATA[", i) ? "]]>" : text.startsWith("<?", i) ? "?>" : undefined;
      if (close) {
        const end = text.indexOf(close, i);
        if (end < 0) return undefined;
        i = end + close.length;
        continue;
      }
      if (text.startsWith("<!DOCTYPE", i)) {
        const bracket = text.indexOf("[", i);
        const gt = text.indexOf(">", i);
        const end = bracket >= 0 && bracket < gt ? text.indexOf(">", text.indexOf("]", bracket)) : gt;
        if (end < 0) return undefined;
        i = end + 1;
        continue;
      }
    } else if (c === "&") {
      REFERENCE.lastIndex = i;
      if (!REFERENCE.test(text)) return text.slice(0, i).split("\n").length;
    }
    i++;
  }
  return undefined;
}
