/**
 * The design in one place: templates/design.yaml reaches the stylesheets (as custom properties
 * before base.css) and the typst template (as data); a manuscript's own design.yaml changes
 * single keys, and a value of the wrong form is ignored rather than written into CSS or typst.
 */
import { describe, expect, it } from "vitest";
import { designCss, designFor } from "../../src/render/design.js";
import { renderTypst } from "../../src/render/print/typst/index.js";
import { createTemplates } from "../../src/render/templates.js";
import { articleBook } from "../helpers/books.js";

const own = (text: string) => createTemplates({ overrides: [{ name: "design.yaml", text, origin: "manuscript", path: "manuscript/templates/design.yaml" }] });

describe("design.yaml", () => {
  it("gives the shared values: Source Serif 4 at 11 on 15.4 pt, a 347 pt measure", () => {
    const d = designFor({ templates: createTemplates() });
    expect(d.fonts.serif[0]).toBe("Source Serif 4");
    expect(d.text).toMatchObject({ size: "11pt", "line-height": 1.4, measure: "347pt" });
    const css = createTemplates().text("base.css");
    expect(css.startsWith(designCss(d))).toBe(true);
    expect(css).toContain("--imprint-line-height: 1.4;");
    expect(css).toContain('--imprint-serif-families: "Source Serif 4", "Noto Serif"');
    expect(createTemplates().text("print.css")).toContain("line-height: var(--imprint-line-height)");
  });

  it("takes a manuscript's own keys over the built-in ones, and ignores values of the wrong form", () => {
    const templates = own('text:\n  size: 12pt\ncolours:\n  ink: "#112233"\n  muted: "red; } body { display: none"\nfonts:\n  serif: ["Source Serif 4", "x\\"; }"]\n');
    const d = designFor({ templates });
    expect(d.text.size).toBe("12pt");
    expect(d.text["line-height"]).toBe(1.4);
    expect(d.colours).toEqual({ ink: "#112233", muted: "#555555" });
    expect(d.fonts.serif[0]).toBe("Source Serif 4");
    expect(d.fonts.serif).not.toContain('x"; }');
    const css = templates.text("base.css");
    expect(css).toContain("--imprint-ink: #112233;");
    expect(css).not.toContain("display: none");
  });

  it("sets the typst edition's text size and leading from it", async () => {
    const book = await articleBook();
    const plain = await renderTypst({ book, templates: createTemplates() });
    const larger = await renderTypst({ book, templates: own("text:\n  size: 12pt\n  line-height: 1.5\n") });
    expect(plain.source!.data.page).toMatchObject({ size: 11, pitch: 15.4 });
    expect(larger.source!.data.page).toMatchObject({ size: 12, pitch: 18 });
    expect(larger.diagnostics).toEqual([]);
  });
});
