import { describe, expect, it } from "vitest";
import { createTemplates, TemplateRenderError } from "../../src/render/templates.js";

const override = (name: string, text: string) => ({ name, text, origin: "manuscript" as const, path: `my-book/templates/${name}` });
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe("template render errors name the template that failed", () => {
  it("names the manuscript's own partial, not the built-in page that renders it", async () => {
    const templates = createTemplates({ overrides: [override("title-page.liquid", "<h1>{{ book.metadata.title }}</h1>\n<p>{{ book.metadata.title | no_such_filter }}</p>\n")] });
    const error = await failure(templates.render("epub-content.liquid", { book: { metadata: { title: "T" }, sections: [] }, labels: {}, edition: "epub", kind: "title-page" }));
    expect(error).toBeInstanceOf(TemplateRenderError);
    const e = error as TemplateRenderError;
    expect(e.file.name).toBe("title-page.liquid");
    expect(e.file.path).toBe("my-book/templates/title-page.liquid");
    expect(e.file.origin).toBe("manuscript");
    expect(e.line).toBe(2);
  });

  it("still names the page itself when the error is in the page", async () => {
    const templates = createTemplates({ overrides: [override("web.liquid", "ok\n{% if %}\n")] });
    const e = (await failure(templates.render("web.liquid", {}))) as TemplateRenderError;
    expect(e.file.path).toBe("my-book/templates/web.liquid");
  });

  it("refuses what an override renders when Liquid assembles a tag its text does not show", async () => {
    const templates = createTemplates({ overrides: [override("web.liquid", '<meta {{ "http" }}-equiv="refresh" content="0;url=https://example.org/">\n')] });
    const e = (await failure(templates.render("web.liquid", {}))) as TemplateRenderError;
    expect(e).toBeInstanceOf(TemplateRenderError);
    expect(e.message).toMatch(/meta http-equiv="refresh"/);
    expect(e.file.path).toBe("my-book/templates/web.liquid");
    // The built-in page, with its own CSP meta and JSON-LD block, is not refused.
    const plain = createTemplates({ overrides: [override("web.liquid", '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n<script type="application/ld+json">{}</script>\n<p>JavaScript: the good parts</p>\n')] });
    await expect(plain.render("web.liquid", {})).resolves.toContain("JavaScript: the good parts");
  });

  it("reads what an override rendered as a browser does: assembled, entity-encoded and CSS tricks are refused", async () => {
    const cases: Array<[string, RegExp]> = [
      ['<script {{ "" }}data-type="application/ld+json">alert(1)</script>', /<script>` is not allowed/],
      ['<a href="jav&#x61;script:alert(1)">x</a>', /javascript:` URL is not allowed/],
      ['<a href="{{ "java" }}script&colon;alert(1)">x</a>', /javascript:` URL is not allowed/],
      ['<img src="http://example.org/pixel.png" alt="">', /would load from outside the book/],
      ['<img srcset="a.png 1x, //example.org/b.png 2x" alt="">', /would load from outside the book/],
      ['<link rel="stylesheet" href="https://example.org/s.css">', /would load from outside the book/],
      ['<svg><image href="file:///etc/passwd"/></svg>', /would load from outside the book/],
      ['<style>@im{{ "" }}port url(http://example.org/s.css);</style>', /may not `@import`/],
      ['<p style="background: u{{ "" }}rl(https://example.org/x.png)">x</p>', /may not load a https: URL/],
      ['<style>p { background: \\75 rl(http://example.org/x.png) }</style>', /may not load a http: URL/],
      ['<p {{ "on" }}click="alert(1)">x</p>', /event handler `onclick=`/],
    ];
    for (const [text, message] of cases) {
      const templates = createTemplates({ overrides: [override("section.liquid", `${text}\n`)] });
      const e = (await failure(templates.render("section.liquid", {}))) as TemplateRenderError;
      expect(e, text).toBeInstanceOf(TemplateRenderError);
      expect(e.message, text).toMatch(message);
    }
    // Links to the web stay links; data: images and relative files are the book's own.
    const fine = createTemplates({ overrides: [override("section.liquid", '<a href="https://example.org/">site</a><img src="data:image/png;base64,AA==" alt=""><p style="background: url(images/x.png)">ok</p>\n')] });
    await expect(fine.render("section.liquid", {})).resolves.toContain("site");
  });
});
