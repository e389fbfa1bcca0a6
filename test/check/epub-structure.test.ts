/**
 * checkEpubStructure on small EPUBs built here: a valid one passes; a broken cross-file link, a
 * missing fragment, an SVG DOCTYPE, an XHTML DOCTYPE and a file that is not well-formed are each
 * found at their file and line. Real EPUBCheck is run on the same files to confirm it rejects
 * what we reject (and accepts the valid one), so this check never invents a rule.
 */
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { checkEpub } from "../../src/check/epub.js";
import { checkEpubStructure } from "../../src/check/epub-structure.js";
import { runEpubcheck } from "../../src/check/epubcheck.js";

const XHTML_NS = "http://www.w3.org/1999/xhtml";

function page(title: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="${XHTML_NS}" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><title>${title}</title></head>
<body>
${body}
</body>
</html>
`;
}

const SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect id="r" width="10" height="10"/></svg>\n';

/** The files of a valid EPUB 3: two sections that link to each other, a nav, an SVG image. */
function validFiles(): Record<string, string> {
  return {
    "META-INF/container.xml": `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`,
    "EPUB/package.opf": `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:0f5a8e0c-3b1e-4c2e-9a57-1d2f3e4a5b6c</dc:identifier>
    <dc:title>Structure</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="s1" href="s1.xhtml" media-type="application/xhtml+xml"/>
    <item id="s2" href="s2.xhtml" media-type="application/xhtml+xml"/>
    <item id="fig" href="images/fig.svg" media-type="image/svg+xml"/>
  </manifest>
  <spine><itemref idref="s1"/><itemref idref="s2"/></spine>
</package>
`,
    "EPUB/nav.xhtml": page("Contents", '<nav epub:type="toc"><ol><li><a href="s1.xhtml">One</a></li><li><a href="s2.xhtml#two">Two</a></li></ol></nav>'),
    "EPUB/s1.xhtml": page("One", '<h1 id="one">One</h1>\n<p>See <a href="s2.xhtml#two">the next section</a>.</p>\n<p><img src="images/fig.svg" alt="A square"/></p>'),
    "EPUB/s2.xhtml": page("Two", '<h1 id="two">Two</h1>\n<p>Back to <a href="s1.xhtml#one">the first</a>, <a href="#two">this one</a>, <a href="https://example.com/">elsewhere</a>.</p>'),
    "EPUB/images/fig.svg": SVG,
  };
}

async function epub(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("mimetype", "application/epub+zip", { compression: "STORE" });
  for (const [path, text] of Object.entries(files)) zip.file(path, text, { compression: "DEFLATE" });
  return zip.generateAsync({ type: "uint8array", mimeType: "application/epub+zip" });
}

/** The valid book with one file changed by `edit`. */
async function broken(file: string, edit: (text: string) => string): Promise<Uint8Array> {
  const files = validFiles();
  files[file] = edit(files[file]!);
  return epub(files);
}

const BROKEN = {
  /** A link to a Markdown file of the manuscript, as a writer's cross-reference would leave it. */
  link: () => broken("EPUB/s1.xhtml", (t) => t.replace('href="s2.xhtml#two"', 'href="02-b.md"')),
  fragment: () => broken("EPUB/s1.xhtml", (t) => t.replace('href="s2.xhtml#two"', 'href="s2.xhtml#nowhere"')),
  svgDoctype: () => broken("EPUB/images/fig.svg", (t) => t.replace("<svg", '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg')),
  xhtmlDoctype: () => broken("EPUB/s2.xhtml", (t) => t.replace("<!DOCTYPE html>", '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">')),
  notWellFormed: () => broken("EPUB/s2.xhtml", (t) => t.replace("<p>Back to", "<p>Fish & chips, back to")),
};

describe("checkEpubStructure", () => {
  test("a valid EPUB has no findings", async () => {
    expect(await checkEpubStructure({ bytes: await epub(validFiles()), fileName: "ok.epub" })).toEqual([]);
  });

  test("a link to a file that is not in the book is named with its file and line", async () => {
    const found = await checkEpubStructure({ bytes: await BROKEN.link(), fileName: "b.epub" });
    expect(found).toEqual([
      { code: "check/epub-structure", severity: "error", file: "EPUB/s1.xhtml", line: 7, message: 'link to "02-b.md" does not point to a file of the book' },
    ]);
  });

  test("a fragment that is no id in its file is found", async () => {
    const found = await checkEpubStructure({ bytes: await BROKEN.fragment(), fileName: "b.epub" });
    expect(found).toEqual([expect.objectContaining({ file: "EPUB/s1.xhtml", line: 7, message: 'link to "s2.xhtml#nowhere" points to no element with id "nowhere" in EPUB/s2.xhtml' })]);
  });

  test("a DOCTYPE in an SVG file is refused", async () => {
    const found = await checkEpubStructure({ bytes: await BROKEN.svgDoctype(), fileName: "b.epub" });
    expect(found).toEqual([expect.objectContaining({ code: "check/epub-structure", file: "EPUB/images/fig.svg", line: 2 })]);
    expect(found[0]!.message).toContain("an SVG file in an EPUB takes none");
  });

  test("an XHTML DOCTYPE other than <!DOCTYPE html> is refused", async () => {
    const found = await checkEpubStructure({ bytes: await BROKEN.xhtmlDoctype(), fileName: "b.epub" });
    expect(found).toEqual([expect.objectContaining({ file: "EPUB/s2.xhtml", line: 2 })]);
    expect(found[0]!.message).toContain('takes "<!DOCTYPE html>" or none');
  });

  test("a file that is not well-formed XML is an error at its line", async () => {
    const found = await checkEpubStructure({ bytes: await BROKEN.notWellFormed(), fileName: "b.epub" });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ code: "check/epub-structure", severity: "error", file: "EPUB/s2.xhtml", line: 7 });
    expect(found[0]!.message).toContain("not well-formed XML (a bare & that starts no entity");
  });

  test("manifest items and container paths are checked too", async () => {
    const files = validFiles();
    files["EPUB/package.opf"] = files["EPUB/package.opf"]!.replace('href="images/fig.svg"', 'href="images/gone.svg"');
    files["META-INF/container.xml"] = files["META-INF/container.xml"]!.replace("EPUB/package.opf", "EPUB/package.opf");
    const found = await checkEpubStructure({ bytes: await epub(files), fileName: "b.epub" });
    expect(found).toEqual([expect.objectContaining({ file: "EPUB/package.opf", message: 'reference to "images/gone.svg" does not point to a file of the book' })]);
  });

  test("a file that is not a ZIP is one finding, not a crash", async () => {
    const found = await checkEpubStructure({ bytes: new Uint8Array([1, 2, 3]), fileName: "x.epub" });
    expect(found).toEqual([expect.objectContaining({ code: "check/epub-structure", file: "x.epub" })]);
  });
});

describe("the fast check runs it", () => {
  test("checkEpub with epubcheck-ts alone reports the SVG DOCTYPE epubcheck-ts misses", async () => {
    const fast = await checkEpub({ bytes: await BROKEN.svgDoctype(), fileName: "b.epub", checks: ["epubcheck-ts"] });
    expect(fast).toEqual([expect.objectContaining({ code: "check/epub-structure", file: "EPUB/images/fig.svg", line: 2 })]);
  });

  test("what epubcheck-ts already reports at the same place is not reported twice", async () => {
    // epubcheck-ts finds this one itself (RSC-007, same file and line).
    const found = await checkEpub({ bytes: await BROKEN.link(), fileName: "b.epub", checks: ["epubcheck-ts"] });
    expect(found.filter((d) => d.file === "EPUB/s1.xhtml" && d.line === 7)).toHaveLength(1);
  });
});

describe("real EPUBCheck agrees", () => {
  const errorsOf = async (bytes: Uint8Array) => (await runEpubcheck({ bytes, fileName: "b.epub" })).filter((d) => d.severity === "error");

  test(
    "it accepts the valid book and rejects each broken one, at the same file",
    async () => {
      const [valid, ...rest] = await Promise.all([epub(validFiles()), ...Object.values(BROKEN).map((make) => make())]);
      const results = await Promise.all([valid!, ...rest].map((bytes) => errorsOf(bytes)));
      const [validErrors, ...brokenErrors] = results;
      expect(validErrors).toEqual([]);
      const expected = ["EPUB/s1.xhtml", "EPUB/s1.xhtml", "EPUB/images/fig.svg", "EPUB/s2.xhtml", "EPUB/s2.xhtml"];
      brokenErrors.forEach((errors, i) => {
        expect(errors.length, Object.keys(BROKEN)[i]).toBeGreaterThan(0);
        expect(errors.some((d) => d.code === "check/epubcheck" && d.file === expected[i]), `${Object.keys(BROKEN)[i]}: ${JSON.stringify(errors)}`).toBe(true);
      });
    },
    120_000,
  );
});
