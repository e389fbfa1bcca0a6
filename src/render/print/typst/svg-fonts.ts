/**
 * SVG figures name PostScript's core faces (graphviz writes `font-family="Times,serif"`, charts
 * write Helvetica or Arial) and place every word for that face's widths. typst knows only the
 * fonts it is given, so the text fell back to the book face, wider than Times, and ran out of its
 * boxes. The metric-compatible Liberation faces (Debian's fonts-liberation, which Chromium brings)
 * are put first in such a family list, as fontconfig does for a browser; a machine without them
 * falls back as before. Only the print engine's copy of the figure changes.
 */
const METRIC_TWINS: Array<[RegExp, string]> = [
  [/^(times|times new roman|times-roman|timesnewroman|tinos|serif)$/i, "Liberation Serif"],
  [/^(helvetica|arial|arial mt|arimo|helvetica neue|sans-serif)$/i, "Liberation Sans"],
  [/^(courier|courier new|cousine|monospace)$/i, "Liberation Mono"],
];

function withTwin(list: string): string {
  const first = (list.split(",")[0] ?? "").trim().replace(/^['"]|['"]$/g, "");
  const twin = METRIC_TWINS.find(([re]) => re.test(first))?.[1];
  return twin && !/liberation/i.test(list) ? `${twin}, ${list.trimStart()}` : list;
}

/** The SVG's text with each core-face family list led by its metric twin (attributes, style attributes and <style> rules). */
export function svgWithMetricTwins(svg: string): string {
  if (!/font-family/i.test(svg)) return svg;
  return svg
    .replace(/(font-family\s*=\s*)"([^"]*)"/gi, (_m, attr: string, list: string) => `${attr}"${withTwin(list.replace(/"/g, ""))}"`)
    .replace(/(font-family\s*=\s*)'([^']*)'/gi, (_m, attr: string, list: string) => `${attr}'${withTwin(list.replace(/'/g, ""))}'`)
    .replace(/(font-family\s*:\s*)([^;"'}<>]+)/gi, (_m, prop: string, list: string) => `${prop}${withTwin(list)}`);
}
