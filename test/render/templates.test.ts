import { describe, expect, it } from "vitest";
import { createTemplates, TemplateRenderError } from "../../src/render/templates.js";

const file = (name: string, text: string) => ({ name, text, origin: "manuscript" as const, path: `book/templates/${name}` });

describe("templates", () => {
  it("lets the manuscript's file win over the built-in one", async () => {
    const t = createTemplates({ overrides: [file("title-page.liquid", "<h1>{{ book.metadata.title }}</h1>")] });
    expect(t.file("title-page.liquid")?.origin).toBe("manuscript");
    expect(t.file("base.css")?.origin).toBe("built-in");
    expect(await t.render("title-page.liquid", { book: { metadata: { title: "<b>A & B</b>" } } })).toBe("<h1>&lt;b&gt;A &amp; B&lt;/b&gt;</h1>");
  });

  it("can include only other templates, never a file from the disk", async () => {
    const t = createTemplates({ overrides: [file("evil.liquid", "{% include '/etc/passwd' %}"), file("evil2.liquid", "{% render '../../package.json' %}")] });
    await expect(t.render("evil.liquid", {})).rejects.toBeInstanceOf(TemplateRenderError);
    await expect(t.render("evil2.liquid", {})).rejects.toBeInstanceOf(TemplateRenderError);
  });

  it("stops a template that would loop for ever, naming its file", async () => {
    const t = createTemplates({ overrides: [file("loop.liquid", "{% for i in (1..1000000000) %}{{ i }}{% endfor %}")] });
    const error = await t.render("loop.liquid", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).file.path).toBe("book/templates/loop.liquid");
  }, 60_000);

  it("stops empty loops over huge ranges quickly, before their ranges take gigabytes", async () => {
    // Two loops of 100 million each: every range is an array in memory (800 MB apiece).
    const t = createTemplates({ overrides: [file("ranges.liquid", "{% for i in (1..100000000) %}{% endfor %}{% for i in (1..100000000) %}{% endfor %}")] });
    const started = Date.now();
    const error = await t.render("ranges.liquid", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).message).toMatch(/memory/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);

  describe("preparse", () => {
    /** A manuscript template that counts how often its text is read. */
    const counted = (name: string, text: string) => {
      const f = { name, origin: "manuscript" as const, path: `book/templates/${name}`, reads: 0, get text() {
        this.reads++;
        return text;
      } };
      return f;
    };

    it("parses a template and the partials it renders, nested ones too, so render() does not read them again", async () => {
      const page = counted("page.liquid", "<main>{% render 'outer.liquid', x: x %}</main>");
      const outer = counted("outer.liquid", "[{% render 'inner.liquid', x: x %}]");
      const inner = counted("inner.liquid", "{{ x }}");
      const t = createTemplates({ overrides: [page, outer, inner] });
      expect((await t.preparse(["page.liquid", "no-such.liquid"])).sort()).toEqual(["partials:inner.liquid", "partials:outer.liquid", "root:page.liquid"]);
      const reads = [page.reads, outer.reads, inner.reads];
      expect(await t.render("page.liquid", { x: "<b>" })).toBe("<main>[&lt;b&gt;]</main>");
      expect([page.reads, outer.reads, inner.reads]).toEqual(reads);
      // Without it, render() reads each file itself.
      const fresh = [counted("page.liquid", page.text), counted("outer.liquid", outer.text), counted("inner.liquid", inner.text)];
      expect(await createTemplates({ overrides: fresh }).render("page.liquid", { x: "<b>" })).toBe("<main>[&lt;b&gt;]</main>");
      expect(fresh.map((f) => f.reads).every((n) => n > 0)).toBe(true);
    });

    it("leaves a template that fails to parse for render() to report, with its file and line", async () => {
      const t = createTemplates({ overrides: [file("broken.liquid", "line one\n{% if %}\n")] });
      expect(await t.preparse(["broken.liquid"])).toEqual([]);
      const error = await t.render("broken.liquid", {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect((error as TemplateRenderError).file.path).toBe("book/templates/broken.liquid");
      expect((error as TemplateRenderError).line).toBe(2);
    });

    it("follows the built-in HTML page's partials", async () => {
      expect(await createTemplates().preparse(["web.liquid"])).toEqual(expect.arrayContaining(["root:web.liquid", "partials:section.liquid", "partials:notes.liquid", "partials:title-page.liquid", "partials:contents-entry.liquid"]));
    });
  });
});
