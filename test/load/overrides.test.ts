import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { checkOverride } from "../../src/load/overrides.js";
import { loadProject } from "../../src/load/project.js";
import { readBuiltInTemplates } from "../../src/render/templates.js";

function manuscript(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "imprint-overrides-"));
  for (const [name, content] of Object.entries({ "metadata.yaml": 'title: "T"\nlanguage: en\n', "01-a.md": "A", ...files })) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}
const load = async (files: Record<string, string>) => loadProject({ dir: ".", cwd: manuscript(files) });
const lines = async (files: Record<string, string>) => (await load(files)).diagnostics.map(formatDiagnostic);

describe("stylesheet overrides", () => {
  it("refuses @import of a local file, naming file, line and column", async () => {
    const r = await load({ "templates/base.css": "p { margin: 0 }\n  @import url(file:///etc/passwd);\n" });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "load/override-css", severity: "error", file: "templates/base.css", line: 2, column: 3 });
    expect(r.diagnostics[0]!.message).toMatch(/@import/);
  });

  it("refuses a url() to the network or the disk, with the url's own column", async () => {
    expect(await lines({ "templates/base.css": "body {\n  background: red url(http://127.0.0.1:8080/x.png);\n}\n" })).toEqual([
      'templates/base.css:2:19: error: base.css: url("http://127.0.0.1:8080/x.png") points outside the book; use a path relative to the templates folder, to a file inside the manuscript (e.g. ../images/rule.png) [load/override-css]',
    ]);
    for (const url of ["file:///etc/hostname", "//evil.example/x.png", "/etc/hostname", "../../outside.png", "https://x.invalid/a.woff2"]) {
      const r = await load({ "templates/web.css": `p { background-image: url("${url}") }` });
      expect(r.diagnostics.map((d) => d.code), url).toEqual(["load/override-css"]);
    }
  });

  it("refuses code in CSS: expression(), behavior, -moz-binding, javascript:, even escaped", async () => {
    const cases = [
      "p { width: expression(alert(1)) }",
      "p { behavior: url(x.htc) }",
      "p { -moz-binding: url(x.xml#y) }",
      "p { background: url(javascript:alert(1)) }",
      "p { background: \\75 rl(http://x.invalid/a.png) }",
      "p { background-image: image-set('http://x.invalid/a.png' 1x) }",
      "@font-face { font-family: X; src: url(data:text/html;base64,PHNjcmlwdD4=) }",
    ];
    for (const css of cases) {
      const r = await load({ "templates/base.css": css });
      expect(r.diagnostics.length, css).toBeGreaterThan(0);
      expect(r.diagnostics.every((d) => d.code === "load/override-css" && d.line === 1), css).toBe(true);
    }
  });

  it("accepts relative files inside the manuscript, fragments and data: images and fonts", async () => {
    const r = await load({
      "images/rule.png": "png",
      "templates/base.css": [
        "hr { background: url(../images/rule.png) }",
        "h1 { background: url('../images/rule.png?v=1') }",
        "svg { filter: url(#shadow) }",
        "p { background: url(data:image/png;base64,iVBORw0KGgo=) }",
        "@font-face { font-family: X; src: url(\"data:font/woff2;base64,d09GMg==\") format('woff2') }",
      ].join("\n"),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.templateOverrides).toHaveLength(1);
  });

  it("refuses a relative url() naming a file the manuscript does not have", async () => {
    const r = await load({ "templates/base.css": "hr { background: url(../images/none.png) }" });
    expect(r.diagnostics[0]!.message).toContain('"images/none.png", which is not a file inside the manuscript folder');
  });

  it("reports CSS that does not parse with its position", async () => {
    const r = await load({ "templates/print.css": "p { color: red;\n\n a { " });
    expect(r.diagnostics[0]).toMatchObject({ code: "load/override-css", file: "templates/print.css" });
    expect(r.diagnostics[0]!.message).toMatch(/not valid CSS/);
  });
});

describe("Liquid template overrides", () => {
  it.each([
    ["<script>", "<p>{{ book.title }}</p>\n<script>alert(1)</script>\n", 2, 1],
    ["an event handler", '<section>\n  <img src="x.png" alt="" onerror="alert(1)">\n</section>\n', 2, 3],
    ["a javascript: URL", '<p><a href="javascript:alert(1)">x</a></p>\n', 1, 13],
    ["an iframe", "\n\n<iframe src='x'></iframe>\n", 3, 1],
    ["an object", "<object data='x.swf'></object>", 1, 1],
    ["an embed", "<EMBED src='x'>", 1, 1],
    ["a base", "<base href='http://x.invalid/'>", 1, 1],
    ["a meta refresh", '<meta http-equiv="refresh" content="0;url=http://x.invalid">', 1, 1],
    ["an @import in a <style>", "<style>\n  @import url(http://x.invalid/a.css);\n</style>", 2, 3],
    ["a remote url() in a style attribute", '<div style="background: url(http://x.invalid/a.png)"></div>', 1, 25],
    ["a script that claims to be JSON-LD but is not", '<script type="application/ld+json"></script>\n<script type="text/javascript">x()</script>', 2, 1],
    ["a meta set-cookie", "<meta http-equiv='Set-Cookie' content='a=b'>", 1, 1],
  ])("refuses %s, naming file and line", async (_what, text, line, column) => {
    const r = await load({ "templates/section.liquid": text });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: "load/override-template", severity: "error", file: "templates/section.liquid", line, column });
  });

  it("accepts an ordinary template, and lists nothing for any built-in one", async () => {
    const ok = await load({ "templates/title-page.liquid": '<section epub:type="titlepage" class="title-page">\n  <h1>{{ book.metadata.title }}</h1>\n  {% if book.metadata.subtitle %}<p class="subtitle">{{ book.metadata.subtitle }}</p>{% endif %}\n</section>\n' });
    expect(ok.diagnostics).toEqual([]);
    const root = realpathSync(manuscript({}));
    for (const f of readBuiltInTemplates()) {
      const found = await checkOverride({ source: { name: f.name, text: f.text, displayPath: f.path }, rootReal: root });
      // The built-in stylesheets may name fonts the renderer serves; only code and @import would be real findings.
      const real = f.name.endsWith(".css") ? found.filter((d) => !/not a file inside/.test(d.message)) : found;
      expect(real.map(formatDiagnostic), f.name).toEqual([]);
    }
  });

  it("does not mistake words in the text for handlers", async () => {
    const r = await load({ "templates/notes.liquid": "<p>Read on = later; javascript is a language; scripts of the world</p>\n" });
    expect(r.diagnostics).toEqual([]);
  });
});
