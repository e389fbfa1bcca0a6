/**
 * Pandoc option handling shared by both backends: versions, the options we refuse, and the
 * translation of an argument array into pandoc-wasm's options object (a defaults file in JSON).
 */

export const MIN_PANDOC_VERSION = [2, 17] as const;

/** "pandoc 2.17.1.1\n…" → "2.17.1.1"; undefined when the text is not pandoc's banner. */
export function parseVersionBanner(text: string): string | undefined {
  const match = /^pandoc(?:\.exe)?\s+v?(\d+(?:\.\d+)*)/m.exec(text);
  return match?.[1];
}

export function compareVersions(a: string, b: readonly number[]): number {
  const parts = a.split(".").map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < Math.max(parts.length, b.length); i++) {
    const diff = (parts[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Options that make pandoc run code or read and write files of its choosing. Manuscripts are
 * untrusted and our own callers never need these, so a run asking for one is an internal bug.
 */
const FORBIDDEN = ["--lua-filter", "--filter", "-F", "-L", "--extract-media", "--include-in-header", "-H", "--include-before-body", "-B", "--include-after-body", "-A", "--data-dir", "--resource-path", "--self-contained", "--embed-resources", "--output", "-o", "--defaults", "-d", "--template"];

export function assertSafeArgs(args: readonly string[]): void {
  for (const arg of args) {
    const name = arg.split("=")[0] ?? arg;
    if (FORBIDDEN.includes(name)) throw new Error(`pandoc option ${name} is not allowed in imprint's adapter`);
    if (!arg.startsWith("--")) throw new Error(`pandoc option ${arg} must be written --name or --name=value`);
  }
}

/**
 * `--no-highlight` was replaced by `--syntax-highlighting=none` in pandoc 3.8 (the old name
 * still works there but warns). Callers write `--no-highlight`; backends translate.
 */
export function nativeArgs(args: readonly string[], version: string): string[] {
  const modern = compareVersions(version, [3, 8]) >= 0;
  return args.map((a) => (a === "--no-highlight" && modern ? "--syntax-highlighting=none" : a));
}

const NUMERIC = new Set(["columns", "shift-heading-level-by", "tab-stop", "dpi", "toc-depth"]);

/** `--wrap=none` → `{ wrap: "none" }`, `--standalone` → `{ standalone: true }`. */
export function wasmOptions(args: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const arg of args) {
    if (arg === "--no-highlight") {
      options["syntax-highlighting"] = "none";
      continue;
    }
    // A defaults file names the math method as an object, not as the flag.
    if (arg === "--mathml") {
      options["html-math-method"] = { method: "mathml" };
      continue;
    }
    const eq = arg.indexOf("=");
    const key = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--/, "");
    const value = eq === -1 ? true : arg.slice(eq + 1);
    options[key] = typeof value === "string" && NUMERIC.has(key) ? Number(value) : value;
  }
  return options;
}

/** Warnings that only say pandoc's sandbox kept it from reading its own data files. */
const NOISE = [/^Could not load translations/, /has no translation defined/];

/** Splits pandoc's stderr into warnings: `[WARNING] …` starts one, indented lines continue it. */
export function parseStderrWarnings(stderr: string): string[] {
  const warnings: string[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    const match = /^\[WARNING\]\s*(.*)$/.exec(line);
    if (match) warnings.push(match[1] ?? "");
    else if (/^\s+\S/.test(line) && warnings.length > 0) warnings[warnings.length - 1] += ` ${line.trim()}`;
  }
  return warnings.filter((w) => !NOISE.some((re) => re.test(w)));
}

/** Lines of stderr that are not warnings (pandoc's error text). */
export function stderrErrors(stderr: string): string {
  const lines = stderr.split(/\r?\n/);
  const out: string[] = [];
  let inWarning = false;
  for (const line of lines) {
    if (/^\[WARNING\]/.test(line)) inWarning = true;
    else if (!/^\s+\S/.test(line)) inWarning = false;
    // pandoc 3 starts its error lines with "ERROR: "; the diagnostic says it failed already.
    if (!inWarning && line.trim() !== "") out.push(line.replace(/^ERROR:\s*/, ""));
  }
  return out.join("\n");
}

/**
 * pandoc's options for a manuscript's Markdown: lines as written, no highlighting (the editions
 * style code themselves), and TeX math as MathML (texmath), which browsers and EPUB reading
 * systems typeset and the typst template turns into typst math (templates/typst/math.typ).
 * Without it, anything past a letter with a superscript printed as its TeX source.
 */
export const MARKDOWN_ARGS = ["--wrap=preserve", "--no-highlight", "--mathml"];
/**
 * The reader: pandoc's Markdown without `raw_tex`. With it, `\textbf{IMPORTANT}`, `\newpage` or a
 * `\begin{center}…\end{center}` block is raw LaTeX, which the HTML writer drops, words and all
 * (and a Windows path's `\Users` with it); without it, they print as written, every character
 * kept, with a warning per file (src/convert/raw-tex.ts).
 */
export const MARKDOWN_FROM = "markdown-raw_tex";
