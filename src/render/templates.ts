/**
 * Template lookup and rendering: the user's `templates/NAME` (inside the manuscript) first, then
 * the built-in `templates/NAME` (pandoc's getTemplate, eleventy's cascade). One engine, LiquidJS,
 * with output escaping on: `{{ x }}` is escaped, already-sanitised HTML goes through `| raw`.
 * All templates are held in memory and LiquidJS reads only from that map, so a manuscript's
 * template cannot include a file from anywhere else.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, LookupType } from "liquidjs";
import { unsafeRenderedMarkup } from "../load/rendered-markup.js";
import { DESIGN_FILE, designCss, designFromTexts } from "./design.js";

/** The repository's (or installed package's) templates folder. */
export const BUILT_IN_TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "templates");

export interface TemplateFile {
  name: string;
  text: string;
  origin: "manuscript" | "built-in";
  /** Where it was read from, for error messages. */
  path: string;
}

export interface Templates {
  has(name: string): boolean;
  /** The raw text (stylesheets, or a template to print). Throws if absent (an internal bug). */
  text(name: string): string;
  file(name: string): TemplateFile | undefined;
  /** The built-in file's text even when the manuscript overrides it (e.g. to merge labels). */
  builtInText(name: string): string | undefined;
  /** Every known name, sorted. */
  names(): string[];
  /** Renders a Liquid template. Throws TemplateRenderError with the file named on failure. */
  render(name: string, data: Record<string, unknown>): Promise<string>;
  /**
   * Parses these Liquid templates and the partials they render, one file per turn of the event
   * loop, so that render() finds them parsed: called while the main thread only waits for pandoc
   * (parsing web.liquid and its eight partials took ~20 ms of the seed's HTML edition). A file
   * that fails to parse is left for render() to report. Resolves to the lookups parsed
   * ("root:web.liquid", "partials:section.liquid"…).
   */
  preparse(names: readonly string[]): Promise<string[]>;
}

/** The partials a template renders or includes by a quoted name. */
const PARTIAL = /\{%-?\s*(?:render|include)\s+(['"])([^'"]+)\1/g;

export class TemplateRenderError extends Error {
  constructor(
    readonly file: TemplateFile,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "TemplateRenderError";
  }
}

/** Subfolders of templates/ whose files are templates too, named "typst/NAME.typ". */
export const TEMPLATE_SUBFOLDERS = ["typst"] as const;

export function readBuiltInTemplates(dir: string = BUILT_IN_TEMPLATES_DIR): TemplateFile[] {
  const read = (sub: string): TemplateFile[] => {
    const folder = sub ? join(dir, sub) : dir;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith(".") && e.name !== "README.md")
      .map((e) => ({ name: sub ? `${sub}/${e.name}` : e.name, text: readFileSync(join(folder, e.name), "utf8"), origin: "built-in" as const, path: join(folder, e.name) }));
  };
  return [read(""), ...TEMPLATE_SUBFOLDERS.map(read)].flat();
}

export interface CreateTemplatesOptions {
  /** Files from the manuscript's own `templates/` folder (already read by the load stage). */
  overrides?: TemplateFile[];
  builtIn?: readonly TemplateFile[];
}

let builtInOnce: readonly TemplateFile[] | undefined;
/**
 * imprint's own templates, read once per process: a packet creates templates for every item (its
 * overrides differ), and reading the same thirty files fifty times cost a tenth of a second of an
 * edit's rebuild. They are part of imprint, not of a manuscript, so nothing edits them mid-build.
 */
function builtInTemplates(): readonly TemplateFile[] {
  builtInOnce ??= Object.freeze(readBuiltInTemplates().map((f) => Object.freeze(f)));
  return builtInOnce;
}

export function createTemplates({ overrides = [], builtIn = builtInTemplates() }: CreateTemplatesOptions = {}): Templates {
  const files = new Map<string, TemplateFile>();
  const builtInByName = new Map(builtIn.map((f) => [f.name, f]));
  for (const f of builtIn) files.set(f.name, f);
  for (const f of overrides) files.set(f.name, f);

  const lookup = (file: string): string => file.replace(/^\/+/, "").replace(/^\.\//, "");
  const ownTemplate = [...files.values()].find((f) => f.origin === "manuscript" && f.name.endsWith(".liquid"));
  const engine = new Liquid({
    outputEscape: "escape",
    strictFilters: true,
    strictVariables: false,
    extname: "",
    root: ["/"],
    partials: ["/"],
    layouts: ["/"],
    relativeReference: false,
    cache: true,
    // liquidjs otherwise asks Intl for the machine's locale (ICU's start-up, ~15-40 ms of every
    // build) only to name months in a `date` filter: a fixed one also keeps the output the same
    // on every machine.
    locale: "en-US",
    // A manuscript's own template is untrusted: a loop to a billion must fail, not hang the build.
    parseLimit: 10_000_000,
    renderLimit: 20_000,
    // Counted in characters of escaped output and elements of ranges: (1..100000000) is an array
    // of 800 MB, so 200 million let two empty loops take 4 GB; 50 million holds an 800-page book.
    memoryLimit: 50_000_000,
    fs: {
      exists: async (f) => files.has(lookup(f)),
      existsSync: (f) => files.has(lookup(f)),
      readFile: async (f) => mustGet(lookup(f)).text,
      readFileSync: (f) => mustGet(lookup(f)).text,
      resolve: (_root, file, ext) => "/" + lookup(file.endsWith(ext) ? file : file + ext),
      contains: async () => true,
      sep: "/",
      dirname: (f) => f.replace(/\/[^/]*$/, "") || "/",
    },
  });

  function mustGet(name: string): TemplateFile {
    const f = files.get(name);
    if (!f) throw new Error(`no template named ${JSON.stringify(name)}`);
    return f;
  }

  // base.css, which every edition's stylesheet starts with, opens with the design as custom properties.
  let designVars: string | undefined;
  const withDesign = (name: string, text: string): string => {
    if (name !== "base.css") return text;
    const own = files.get(DESIGN_FILE);
    designVars ??= designCss(designFromTexts({ builtIn: builtInByName.get(DESIGN_FILE)?.text, own: own?.origin === "manuscript" ? own.text : undefined }));
    return designVars + text;
  };

  // LiquidJS caches a parsed file per lookup: "root:web.liquid" for render(), "partials:NAME" for a
  // {% render %} of it. These are the keys preparse has parsed (or queued).
  const parsed = new Set<string>();
  const preparse = (names: readonly string[]): Promise<string[]> => {
    const queue: Array<{ name: string; type: LookupType }> = [];
    const done: string[] = [];
    const add = (name: string, type: LookupType): void => {
      const key = `${type}:${name}`;
      if (!files.has(lookup(name)) || parsed.has(key)) return;
      parsed.add(key);
      queue.push({ name, type });
    };
    for (const n of names) add(n, LookupType.Root);
    return new Promise((resolve) => {
      const next = (): void => {
        const item = queue.shift();
        if (!item) return resolve(done);
        try {
          engine.parseFileSync(item.name, item.type);
          done.push(`${item.type}:${item.name}`);
        } catch {
          // render() parses it again and names the file and line.
        }
        for (const m of (files.get(lookup(item.name))?.text ?? "").matchAll(PARTIAL)) add(m[2] as string, LookupType.Partials);
        setImmediate(next);
      };
      setImmediate(next);
    });
  };

  return {
    preparse,
    has: (name) => files.has(name),
    text: (name) => withDesign(name, mustGet(name).text),
    file: (name) => files.get(name),
    builtInText: (name) => builtInByName.get(name)?.text,
    names: () => [...files.keys()].sort(),
    async render(name, data) {
      const file = mustGet(name);
      try {
        // Synchronously: nothing the templates read is asynchronous (they are all in memory), and the
        // promise liquidjs makes per tag and output otherwise cost a third of the seed's HTML
        // rendering (16 → 11 ms, warm; 51 Books in a 50-item packet).
        const out: string = engine.renderFileSync(name, data);
        // A manuscript's own template is checked once more on what it rendered.
        const unsafe = ownTemplate ? unsafeRenderedMarkup(out) : undefined;
        const own = ownTemplate;
        if (own && unsafe) throw new TemplateRenderError(own, `what the templates rendered for ${name} is unsafe: ${unsafe}`);
        return out;
      } catch (error) {
        if (error instanceof TemplateRenderError) throw error;
        // LiquidJS names the file of the failing token: an error inside a partial (the
        // manuscript's own section.liquid, say) is that file's, not the page's that included it.
        const e = error as { message?: string; token?: { file?: string; getPosition?: () => number[] } };
        const pos = e.token?.getPosition?.();
        const failing = e.token?.file ? files.get(lookup(e.token.file)) : undefined;
        throw new TemplateRenderError(failing ?? file, e.message ?? String(error), pos?.[0]);
      }
    },
  };
}
