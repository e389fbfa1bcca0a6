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
});

