/**
 * TeX math through both pandoc backends: MathML (not TeX source, not pandoc's Unicode
 * approximation) in the fragment, in MathML's namespace, the TeX kept only as the annotation a
 * reader never sees (so a block's text, which fonts and checks read, has none of it); raw MathML
 * in a manuscript keeps its formula and loses what could act (links, handlers, <maction>).
 */
import { describe, expect, it } from "vitest";
import { convertMarkdown, type Fragment, type PandocBackend } from "../../src/convert/index.js";
import { bothBackends } from "./helpers.js";

const backends = bothBackends();

async function fragment(pandoc: PandocBackend, markdown: string): Promise<{ fragment: Fragment; codes: string[] }> {
  const outcome = await convertMarkdown({ pandoc, request: { markdown, sourceFile: "01-text.md", idPrefix: "s1-", timeoutMs: 30_000 } });
  if (!outcome.fragment) throw new Error(`no fragment: ${JSON.stringify(outcome.diagnostics)}`);
  return { fragment: outcome.fragment, codes: outcome.diagnostics.map((d) => d.code) };
}

describe.each(["native", "wasm"] as const)("TeX math with pandoc %s", (name) => {
  it("becomes MathML with its TeX as an unseen annotation, and no warning", async () => {
    const { fragment: f, codes } = await fragment(backends[name], "Roots $x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}$ here.\n\n$$\\sum_{i=1}^n i$$\n");
    expect(codes).toEqual([]);
    const [inline, display] = f.blocks;
    expect(inline!.html).toContain('<math display="inline" xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(inline!.html).toMatch(/<mfrac>[\s\S]*<msqrt>/);
    expect(inline!.html).toContain('<annotation encoding="application/x-tex">x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}</annotation>');
    expect(inline!.text).toBe("Roots x=−b±b2−4ac2a here.");
    expect(display!.html).toContain('<math display="block"');
    expect(display!.html).toMatch(/<munderover><mo>∑<\/mo>/);
  });
});

describe("raw MathML in a manuscript", () => {
  it("keeps the formula and its layout attributes, and drops links, handlers and <maction>", async () => {
    const raw = '<p>A <math display="inline"><mfrac linethickness="0"><mi href="javascript:alert(1)" onclick="steal()" mathvariant="bold">n</mi><mi>k</mi></mfrac><maction actiontype="toggle"><mi>hidden</mi></maction></math> choice.</p>\n';
    const { fragment: f, codes } = await fragment(backends.native, raw);
    const html = f.blocks.map((b) => b.html).join("");
    expect(html).toContain('<mfrac linethickness="0"><mi mathvariant="bold">n</mi><mi>k</mi></mfrac>');
    expect(html).not.toMatch(/href|onclick|maction|hidden/);
    expect(html).toContain('xmlns="http://www.w3.org/1998/Math/MathML"');
    expect(codes).toContain("convert/removed-script");
    expect(codes).toContain("convert/removed-element");
  });
});
