/**
 * A minimal valid EPUB 3 (package, nav, one page, a stylesheet) that the check's worker validates
 * once as it starts: epubcheck-ts compiles its schemas and the JIT warms on it, so the real EPUB,
 * arriving later, is checked in about a third of the time (seed: 0.13–0.16 s instead of 0.37 s).
 */
import { writeZip, type ZipWriteEntry } from "../zip-entries.js";

const XHTML = "http://www.w3.org/1999/xhtml";
const page = (title: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="${XHTML}" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en"><head><title>${title}</title><link rel="stylesheet" href="s.css"/></head><body>${body}</body></html>\n`;

export async function warmUpEpub(): Promise<Uint8Array> {
  const entries: ZipWriteEntry[] = [{ name: "mimetype", bytes: "application/epub+zip", store: true }];
  const add = (name: string, text: string) => entries.push({ name, bytes: text });
  add("META-INF/container.xml", `<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>\n`);
  add("EPUB/package.opf", `<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">urn:uuid:0f5a8e0c-3b1e-4c2e-9a57-1d2f3e4a5b6c</dc:identifier><dc:title>Warm-up</dc:title><dc:language>en</dc:language><meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/><item id="css" href="s.css" media-type="text/css"/></manifest><spine><itemref idref="a"/></spine></package>\n`);
  add("EPUB/nav.xhtml", page("Contents", `<nav epub:type="toc" id="toc"><ol><li><a href="a.xhtml#a">A</a></li></ol></nav>`));
  add("EPUB/a.xhtml", page("A", `<section id="a" epub:type="chapter"><h1>A</h1><p>Text with <em>emphasis</em> and a <a href="#a">link</a>.</p></section>`));
  add("EPUB/s.css", "body { margin: 0 }\np { text-indent: 1em; hyphens: auto }\n");
  return writeZip({ entries, date: new Date(Date.UTC(2024, 0, 1)) });
}
