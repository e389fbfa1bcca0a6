/**
 * The one catalogue of diagnostic codes. Names are stable (tests and users grep for them);
 * add a code here before using it. Modelled on Standard Ebooks' lint codes and astro's catalogue.
 */
import type { Severity } from "./diagnostics.js";

export interface CodeInfo {
  severity: Severity;
  summary: string;
  hint?: string;
}

export const CODES = {
  // load: the manuscript folder and its metadata
  "load/unread-text": { severity: "warning", summary: "Markdown in a subfolder or behind a symbolic link that no edition reads (without contents:, the text is the folder's own .md files)." },
  "load/file-name": { severity: "error", summary: "A text file's name holds a control character or a direction override, which would garble every message about it.", hint: "Rename the file with letters, digits, spaces and punctuation." },
  "load/no-folder": { severity: "error", summary: "The manuscript folder does not exist or is not a folder." },
  "load/no-metadata": { severity: "error", summary: "The manuscript has no metadata.yaml.", hint: "Create metadata.yaml with at least `title:` and `language:`; `imprint import` makes a starting one." },
  "load/no-text": { severity: "error", summary: "The manuscript has no Markdown text files." },
  "load/missing-file": { severity: "error", summary: "A file named in the metadata does not exist in the manuscript folder." },
  "load/outside-folder": { severity: "error", summary: "A path points outside the manuscript folder." },
  "load/encoding": { severity: "error", summary: "A text file is not valid UTF-8." },
  "load/unreadable": { severity: "error", summary: "A file could not be read." },
  "load/override-css": { severity: "error", summary: "A stylesheet override loads something from outside the book or runs code (`@import`, a remote or `file:` `url()`, `expression()`, `behavior`, `-moz-binding`, `javascript:`)." },
  "load/override-template": { severity: "error", summary: "A template override holds a script, an event handler, a `javascript:` URL or an element that embeds or loads other documents; a template's output is not sanitised." },
  "load/no-packet": { severity: "error", summary: "The packet folder has no packet.yaml, or the packet file does not exist.", hint: "Create packet.yaml with `title:`, `language:` and `items:` (paths to manuscript folders)." },
  "load/packet-item": { severity: "error", summary: "An item of packet.yaml is not a manuscript folder that builds: it is missing, not a folder, has no metadata.yaml, or its own files have errors." },
  "load/packet-duplicate": { severity: "error", summary: "Two items of packet.yaml are the same manuscript folder." },
  "load/packet-slug": { severity: "warning", summary: "An item of packet.yaml has the same name (slug) as the packet or an item before it; its files get a number after the name." },
  "load/packet-symlink": { severity: "error", summary: "An item of packet.yaml reaches its folder through a symbolic link; items are named by their real path.", hint: "Name the folder the link points to, or copy the manuscript next to packet.yaml." },
  "meta/yaml": { severity: "error", summary: "metadata.yaml is not valid YAML." },
  "meta/field": { severity: "error", summary: "A metadata field has a value that is not allowed." },
  "meta/required": { severity: "error", summary: "A required metadata field is missing." },
  "meta/date": { severity: "error", summary: "A date is not an ISO 8601 calendar date." },
  "meta/language": { severity: "error", summary: "The language is not a BCP 47 tag." },
  "meta/role": { severity: "error", summary: "A contributor role is not one imprint knows." },
  "meta/identifier": { severity: "error", summary: "The identifier is neither a valid ISBN nor a UUID." },
  "meta/typo": { severity: "warning", summary: "An unknown metadata field looks like a misspelt known one." },
  "meta/markdown-yaml": { severity: "warning", summary: "A YAML block (or a pandoc title block, `% Title`) inside a Markdown file is ignored; metadata.yaml is the only source of metadata." },
  "meta/source-date-epoch": { severity: "error", summary: "SOURCE_DATE_EPOCH is not an integer number of seconds." },
  "meta/characters": { severity: "error", summary: "Metadata text holds a character no edition can carry: a control character, a bidirectional override or isolate, or a lone surrogate." },
  "meta/yaml-tag": { severity: "error", summary: "metadata.yaml uses a YAML tag (`!!js/function`, `!custom`…) that imprint does not load.", hint: "Remove the tag: metadata is plain text, numbers, true/false, lists and blocks." },
  "meta/reserved-key": { severity: "error", summary: "A metadata field is named `__proto__`, `constructor` or `prototype`, which are reserved." },
  // convert: pandoc and sanitising
  "convert/pandoc-missing": { severity: "error", summary: "No pandoc could be started." },
  "convert/pandoc-failed": { severity: "error", summary: "pandoc failed to convert a file." },
  "convert/pandoc-warning": { severity: "warning", summary: "pandoc reported a warning." },
  "convert/timeout": { severity: "error", summary: "pandoc took longer than the conversion timeout.", hint: "Raise it with --timeout SECONDS, or simplify the Markdown pandoc is stuck on." },
  "convert/removed-script": { severity: "warning", summary: "A script or event handler was removed from the text." },
  "convert/removed-element": { severity: "warning", summary: "An element that editions cannot carry safely was removed." },
  "convert/removed-url": { severity: "warning", summary: "A remote or unsafe URL was removed; editions never load anything from outside the book." },
  "convert/unsafe-asset": { severity: "error", summary: "An image carries scripts, external references or entity declarations; editions never run or fetch anything." },
  "convert/unsupported-asset": { severity: "error", summary: "An image is not in a format every edition can carry (PNG, JPEG, GIF, WebP, SVG)." },
  "convert/missing-asset": { severity: "error", summary: "An image the text refers to does not exist in the manuscript folder." },
  "convert/image-too-large": { severity: "error", summary: "An image, or all the book's images together, has more pixels than the cap; decoding would take more memory than a reader has.", hint: "Scale the images down, or raise the cap the message names (--max-image-pixels N, --limit max-total-image-pixels=N)." },
  "convert/svg-too-complex": { severity: "error", summary: "An SVG has too many elements, or <use> copies nested too deep or expanding to too many elements, for a reader to draw." },
  "convert/broken-image": { severity: "error", summary: "An image file is damaged or cut short (or an SVG is not well-formed XML); readers would show a blank or partial image." },
  "convert/memory": { severity: "error", summary: "pandoc needed more memory than its cap to convert a file; it was stopped.", hint: "Raise the cap with --pandoc-memory MB, or simplify the Markdown pandoc is stuck on." },
  "convert/raw-tex": { severity: "warning", summary: "LaTeX in the Markdown (\\textbf{…}, \\newpage, \\begin{…}) prints as written; no edition carries raw LaTeX." },
  "convert/citation": { severity: "warning", summary: "A citation ([@key]) or cross-reference (@fig-x, bookdown's \\@ref(x)) prints as written: imprint runs no citeproc, bookdown or Quarto." },
  "convert/code-chunk": { severity: "warning", summary: "An R Markdown or Quarto code chunk (```{r}, `r …`) is not run: it prints as a code block (or is left out with include=FALSE or echo=FALSE), and its output is not in the book." },
  "convert/mdbook-directive": { severity: "warning", summary: "An mdBook directive ({{#include …}}) prints as written; imprint runs no mdBook preprocessor." },
  "convert/too-deep": { severity: "warning", summary: "Lists, quotes or HTML nest too deep to publish as they are; the deepest levels become plain text (every word kept)." },
  "convert/unclosed-fence": { severity: "warning", summary: "A fenced div (`::: name`) is never closed; pandoc slows down exponentially on many of them.", hint: "Close each fenced div with a line of `:::`, or escape a literal one as `\\:::`." },
  // model
  "model/duplicate-id": { severity: "warning", summary: "Two headings produced the same identifier; the second was renamed." },
  "model/no-glyph": { severity: "warning", summary: "No available font can show a character; it would print as a blank box." },
  "model/note-missing": { severity: "warning", summary: "A note reference has no note text." },
  "model/heading-skip": { severity: "warning", summary: "A heading skips a level (a #### right under a #); reading systems and Ace's heading-order expect one level deeper at most." },
  "model/empty-heading": { severity: "warning", summary: "A heading has no text; it is left out of every edition (an empty entry would break the contents and the EPUB navigation)." },
  "model/broken-link": { severity: "warning", summary: "A link points to a file or id that is not in the book." },
  // render
  "render/template": { severity: "error", summary: "A template could not be rendered." },
  "render/template-missing": { severity: "error", summary: "No template of that name exists." },
  "render/browser-missing": { severity: "error", summary: "No Chrome or Chromium was found to render the PDF.", hint: "Install one: `sudo apt-get install -y chromium` (Debian/Ubuntu) or `brew install --cask chromium` (macOS), or set PUPPETEER_EXECUTABLE_PATH." },
  "render/browser-failed": { severity: "error", summary: "The browser failed to start, crashed or did not answer in time." },
  "render/navigation": { severity: "error", summary: "The page tried to navigate away from the book." },
  "render/pdf-layout": { severity: "warning", summary: "The print layout changed between the measuring and the final pass; page numbers in the contents may be off." },
  "render/unresolved-resource": { severity: "warning", summary: "The text refers to a file that is not in the book; the HTML edition leaves the reference out so it never loads anything from outside." },
  "render/image-alt": { severity: "warning", summary: "An image has no alternative text." },
  "render/cover": { severity: "warning", summary: "The EPUB cover could not be made as asked; a fallback cover was used." },
  "render/srcset": { severity: "warning", summary: "An image's srcset was left out of the HTML edition, which carries one image per element (its src, or else the first book image of the srcset)." },
  "render/browser-memory": { severity: "error", summary: "The browser's processes grew past their memory cap while rendering, and were stopped." },
  "render/cover-page-count": { severity: "warning", summary: "The cover wrap is made for fewer pages than the chosen print service binds.", hint: "Print services pad a short interior with blank pages; build the print edition with `print.preflight` set so the PDF is padded, then make the cover from that build." },
  "render/no-print-face": { severity: "warning", summary: "A character an installed font has but none of the typst print faces (design.yaml fonts.serif/mono); the PDF would show a blank box." },
  "render/typst": { severity: "error", summary: "The typst print template (templates/print.typ or templates/typst/) failed to compile.", hint: "The message names the template and line; `imprint templates --print print.typ` prints the built-in one to start from." },
  "render/typst-timeout": { severity: "error", summary: "typst did not finish the print edition within its time limit and was stopped." },
  "render/typst-memory": { severity: "error", summary: "typst grew past its memory limit typesetting the print edition and was stopped." },
  "render/browser-timeout": { severity: "error", summary: "IMPRINT_BROWSER_TIMEOUT is not a number of seconds." },
  "render/booklet-option": { severity: "error", summary: "A booklet option is not valid: `--impose` takes `booklet`, `--signature` a whole number of sheets (1 or more), `--sheet` `letter` or `a4`, and the last two only go with `--impose booklet`." },
  "render/booklet-thick": { severity: "warning", summary: "The booklet is one signature of more sheets than fold and staple well.", hint: "Give --signature 4 (or 3 to 6): signatures of that many sheets are folded one by one and stacked in order." },
  "render/booklet-no-pdf": { severity: "error", summary: "A booklet was asked for, but the PDF edition it is imposed from is not being built.", hint: "Add pdf to --formats (e.g. --formats epub,pdf,html), or leave out --impose." },
  // check
  "check/epubcheck": { severity: "error", summary: "EPUBCheck reported a problem." },
  "check/epubcheck-ts": { severity: "error", summary: "epubcheck-ts reported a problem." },
  "check/ace": { severity: "error", summary: "DAISY Ace reported an accessibility violation." },
  "check/no-fontconfig": { severity: "info", summary: "fontconfig (fc-list) is not available, so only the book typeface was considered when looking for characters no font can show." },
  "check/tool-missing": { severity: "warning", summary: "A checking tool is not installed, so that check did not run." },
  "check/fidelity": { severity: "error", summary: "The text of an edition differs from the manuscript." },
  "check/preflight": { severity: "error", summary: "The PDF fails a print service's preflight." },
  "check/epub-structure": { severity: "error", summary: "A file in the EPUB is not well-formed XML, has a DOCTYPE EPUB does not allow, or links to a file or fragment that is not in the book." },
  "check/language-script": { severity: "warning", summary: "The declared language is written in another script than the text, so the editions would get the wrong direction, hyphenation and fonts." },
  // write
  "write/lock": { severity: "error", summary: "Another build is writing to the same output folder." },
  "write/failed": { severity: "error", summary: "An output file could not be written." },
  // cli
  "cli/usage": { severity: "error", summary: "The command line is not valid." },
  "import/unsupported": { severity: "error", summary: "That file type cannot be imported." },
  "import/exists": { severity: "error", summary: "The import's output folder already has a manuscript." },
  "import/editorial-note": { severity: "warning", summary: "The first block of the imported text is not a paragraph, so no editorial note was taken from it." },
  "import/comments": { severity: "warning", summary: "The document has comments; they were left out, or kept as footnotes with --comments notes." },
  "import/tracked-changes": { severity: "warning", summary: "The document has tracked changes; they were accepted, as the word processor shows the final text." },
  "import/metadata": { severity: "warning", summary: "A metadata value of the document could not be carried into metadata.yaml." },
  "import/image": { severity: "warning", summary: "An image of the document is in a format no edition can show (EMF, WMF, TIFF, BMP…), or is not inside the document." },
  "import/zip-limit": { severity: "error", summary: "The document unpacks to more than the import allows (size, file count or compression ratio), so it was not read.", hint: "Raise the size limit with --max-unpacked MB if the document is genuine." },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
