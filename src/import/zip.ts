/**
 * Opening a .docx/.odt (a zip) safely before pandoc or we read it. The central directory says
 * how big every entry is once inflated; a document whose entries add up to more than the cap,
 * that has absurdly many entries, or an entry compressed more than any real file could be (a
 * zip bomb: 300 MiB of zeros deflates to 300 KB) is refused before anything is inflated.
 *
 * yauzl reads the directory without inflating, and its streams stop with an error as soon as an
 * entry inflates to more than its header said, so a lying header cannot get past the cap either
 * when we extract images and XML parts here. (pandoc reads the zip on its own; the directory
 * check is what protects it.)
 */
import yauzl from "yauzl";
import { diag, type Diagnostic } from "../diagnostics.js";

export const MIB = 1024 * 1024;
export const DEFAULT_MAX_UNPACKED_BYTES = 200 * MIB;
export const MAX_ENTRIES = 10_000;
/** Real files (XML, images, fonts) stay far below this; only entries > 1 MiB are judged. */
export const MAX_RATIO = 1000;
const RATIO_MIN_BYTES = MIB;

export interface ZipEntryInfo {
  name: string;
  uncompressedSize: number;
  compressedSize: number;
}

/** An opened, size-checked document zip. */
export interface DocumentZip {
  entries: ZipEntryInfo[];
  /** The inflated bytes of one entry, or undefined when there is no such entry. */
  read(name: string): Promise<Uint8Array | undefined>;
}

const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

function openBuffer(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(error ?? new Error("no zip"));
      else resolve(zip);
    });
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", reject);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error("no stream"));
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      stream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}

/** The first reason the directory breaks the limits, as a diagnostic naming file and entry. */
export function checkZipLimits(options: { file: string; entryCount: number; entries: readonly ZipEntryInfo[]; maxUnpackedBytes: number }): Diagnostic | undefined {
  const { file, maxUnpackedBytes } = options;
  const hint = `If the document is genuine, raise the limit with --max-unpacked MB (now ${Number((maxUnpackedBytes / MIB).toFixed(2))}).`;
  if (options.entryCount > MAX_ENTRIES) {
    return diag("import/zip-limit", { file, message: `the document holds ${options.entryCount} files; at most ${MAX_ENTRIES} are read`, hint: "A real document holds a few dozen; this one may be damaged or hostile." });
  }
  let total = 0;
  for (const e of options.entries) {
    if (e.uncompressedSize > RATIO_MIN_BYTES && e.uncompressedSize > e.compressedSize * MAX_RATIO) {
      const ratio = e.compressedSize === 0 ? "∞" : Math.round(e.uncompressedSize / e.compressedSize).toString();
      return diag("import/zip-limit", { file, field: e.name, message: `${e.name} inflates to ${mib(e.uncompressedSize)} from ${e.compressedSize} bytes (${ratio}:1); no real file compresses more than ${MAX_RATIO}:1, so the document was not read`, hint: "This looks like a zip bomb; open the document in its word processor and save it again." });
    }
    total += e.uncompressedSize;
    if (total > maxUnpackedBytes) {
      return diag("import/zip-limit", { file, field: e.name, message: `unpacked, the document would take more than ${mib(maxUnpackedBytes)} (reached at ${e.name}, ${mib(e.uncompressedSize)}); it was not read`, hint });
    }
  }
  return undefined;
}

/**
 * Opens a document zip, refusing it (import/zip-limit) when it breaks the limits and reporting
 * load/unreadable when it is no zip at all. Nothing is inflated before the check passes.
 */
export async function openDocumentZip(options: { file: string; bytes: Uint8Array; format: string; maxUnpackedBytes: number }): Promise<{ zip: DocumentZip | undefined; diagnostics: Diagnostic[] }> {
  const { file } = options;
  const unreadable = (why: string): { zip: undefined; diagnostics: Diagnostic[] } => ({ zip: undefined, diagnostics: [diag("load/unreadable", { file, message: `the file is not a valid .${options.format} (${why})` })] });
  let zipFile: yauzl.ZipFile;
  let raw: yauzl.Entry[];
  try {
    zipFile = await openBuffer(options.bytes);
    if (zipFile.entryCount > MAX_ENTRIES) {
      const refused = checkZipLimits({ file, entryCount: zipFile.entryCount, entries: [], maxUnpackedBytes: options.maxUnpackedBytes });
      return { zip: undefined, diagnostics: refused ? [refused] : [] };
    }
    raw = await listEntries(zipFile);
  } catch (error) {
    return unreadable(`not a zip archive: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entries = raw.filter((e) => !e.fileName.endsWith("/")).map((e) => ({ name: e.fileName, uncompressedSize: e.uncompressedSize, compressedSize: e.compressedSize }));
  const refused = checkZipLimits({ file, entryCount: zipFile.entryCount, entries, maxUnpackedBytes: options.maxUnpackedBytes });
  if (refused) return { zip: undefined, diagnostics: [refused] };
  // A Word file saved as .odt, or the other way round: pandoc would only say it cannot parse it.
  const names = new Set(entries.map((e) => e.name));
  const kind = names.has("word/document.xml") ? "docx" : names.has("content.xml") && names.has("mimetype") ? "odt" : undefined;
  if (kind && kind !== options.format) {
    return unreadable(`it is ${kind === "odt" ? "an OpenDocument text (.odt)" : "a Word document (.docx)"} named .${options.format}; rename it .${kind} and import it again`);
  }
  const byName = new Map(raw.map((e) => [e.fileName, e]));
  return {
    zip: {
      entries,
      async read(name) {
        const entry = byName.get(name);
        // A stream error here is a damaged or lying entry; the caller treats it as absent.
        return entry === undefined ? undefined : readEntry(zipFile, entry).catch(() => undefined);
      },
    },
    diagnostics: [],
  };
}
