/** imprint's public API: the same functions the CLI calls. */
export { build, FORMATS, REPORT_NAME, type BuildOptions, type BuildReport, type EditionReport, type Format, type CheckLevel } from "./build.js";
export { loadBook, type LoadBookOptions, type LoadedBook } from "./load-book.js";
export { makeCover, type MakeCoverOptions } from "./make-cover.js";
export { loadProject, type Project, type SourceFile } from "./load/project.js";
export { parseMetadata } from "./load/metadata.js";
export { formatDiagnostic, type Diagnostic, type Severity } from "./diagnostics.js";
export { CODES, type DiagnosticCode } from "./codes.js";
export type * from "./model/book.js";
export { createTemplates, type Templates } from "./render/templates.js";
export { createPandoc } from "./convert/index.js";
export { importManuscript } from "./import/index.js";
export { checkEpub } from "./check/epub.js";
export { preflightPdf } from "./check/preflight.js";
export { renderHtml } from "./render/html/index.js";
export { renderEpub } from "./render/epub/index.js";
export { renderPdf } from "./render/pdf/index.js";
export { checkFiles, type CheckFilesOptions } from "./check/index.js";
