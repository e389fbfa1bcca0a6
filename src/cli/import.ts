/** `imprint import FILE [--out DIR] [--editorial-note first|none] [--comments notes|drop] [--language TAG] [--max-unpacked MB] [--force]` */
import { extname } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { EXIT, printDiagnostics, summary, type Printer } from "./output.js";
import { choice, positiveInteger, seconds } from "./parse.js";

interface ImportFlags {
  out: string;
  editorialNote: "first" | "none";
  force?: boolean;
  pandoc: "auto" | "native" | "wasm";
  timeout: number;
  comments: "notes" | "drop";
  language?: string;
  maxUnpacked: number;
  pandocMemory: number;
}

/** A BCP 47 tag, canonicalised ("pt-br" → "pt-BR"). */
function languageTag(value: string): string {
  try {
    const [tag] = Intl.getCanonicalLocales(value);
    if (tag) return tag;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError('give a BCP 47 language tag, e.g. "en", "es-419", "pt-BR", "ar", "zh-Hant"');
}

function megabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 100_000) throw new InvalidArgumentError("give a size in MiB between 1 and 100000");
  return n;
}

export function registerImport({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("import")
    .description("turn a plain-text article (.txt), or a .docx, .odt or .md file, into a manuscript folder")
    .argument("<file>", "the file to import")
    .option("-o, --out <dir>", "manuscript folder to create", "manuscript")
    .option("--editorial-note <where>", "first: the first paragraph is the publisher's editorial note; none", choice(["first", "none"]), "none")
    .option("--force", "overwrite the text files of an existing manuscript folder")
    .option("--pandoc <backend>", "pandoc for .docx/.odt: auto (the built-in pandoc 3, the same on every machine; the machine's if it cannot start), native (the machine's pandoc, faster) or wasm", choice(["auto", "native", "wasm"]), "auto")
    .option("--timeout <seconds>", "pandoc timeout, in seconds", seconds, 120)
    .option("--comments <mode>", ".docx comments: drop (reported in a warning) or notes (kept as footnotes)", choice(["notes", "drop"]), "drop")
    .option("--language <tag>", "the text's language for metadata.yaml (BCP 47); default: the document's, else detected from the text", languageTag)
    .option("--max-unpacked <MB>", "refuse a .docx/.odt that unpacks to more than this many MiB", megabytes, 200)
    .option("--pandoc-memory <MB>", "memory cap for pandoc, in MiB", positiveInteger, 1024)
    .addHelpText("after", "\nPlain text: one paragraph per line; a short line without closing punctuation becomes a heading.\nEverything Markdown would reinterpret is escaped, so the words come out exactly as they went in.\n.docx/.odt: the document's metadata goes to metadata.yaml; tracked changes are accepted and comments\ndropped (or kept with --comments notes), each reported with a count.\nExit codes: 0 imported, 1 bad input, 2 usage error.")
    .action(async (file: string, flags: ImportFlags) => {
      const { importManuscript } = await import("../import/index.js");
      let pandoc: import("../convert/types.js").PandocBackend | undefined;
      const diagnostics = [];
      if ([".docx", ".odt"].includes(extname(file).toLowerCase())) {
        const { createImportPandoc } = await import("../import/reader.js");
        const created = await createImportPandoc({ backend: flags.pandoc, maxMemoryMb: flags.pandocMemory });
        diagnostics.push(...created.diagnostics);
        pandoc = created.value;
      }
      try {
        const result = await importManuscript({
          file,
          outDir: flags.out,
          editorialNote: flags.editorialNote,
          timeoutMs: flags.timeout * 1000,
          comments: flags.comments,
          maxUnpackedBytes: flags.maxUnpacked * 1024 * 1024,
          ...(flags.language ? { language: flags.language } : {}),
          ...(pandoc ? { pandoc } : {}),
          ...(flags.force ? { force: true } : {}),
        });
        diagnostics.push(...result.diagnostics);
        printDiagnostics({ diagnostics, printer });
        if (result.value) {
          for (const f of result.value.files) printer.out(f);
          printer.out(`imported ${file} into ${flags.out}/ (${summary(diagnostics)}); fill in ${flags.out}/metadata.yaml, then: imprint build ${flags.out}`);
          setExit(EXIT.ok);
        } else setExit(EXIT.failed);
      } finally {
        await pandoc?.close();
      }
    });
}
