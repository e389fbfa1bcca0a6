/**
 * Every typographic character the author typed comes out exactly as typed, with its spacing, on
 * both pandoc backends; straight ASCII punctuation still becomes typographic (pandoc's `smart`).
 */
import { describe, expect, it } from "vitest";
import { convertMarkdown, type Fragment, type PandocBackend } from "../../src/convert/index.js";
import { bothBackends } from "./helpers.js";
import { protectTypography, SMART_LITERALS } from "../../src/convert/typography.js";

const backends: Record<string, PandocBackend> = bothBackends();

const NNBSP = "\u202F";
const NBSP = "\u00A0";
const THIN = "\u2009";

/** The sentence from issue 8 item 7: 2.17 dropped the space before the closing ”. */
const SENTENCE = "“I told him, ‘Set it in italics,’ and he set the whole page in italics … ”";


/** The fragment's blocks as one HTML string, without the block ids the model keys on. */
const htmlOf = (f: Fragment): string => f.blocks.map((b) => b.html.replace(/^(<[a-z0-9]+) id="[^"]*-b\d+"/, "$1")).join("\n");

describe.each(["native", "wasm"])("%s backend", (name) => {
  const backend = (): PandocBackend => {
    const b = backends[name];
    if (!b) throw new Error(`${name} backend did not start`);
    return b;
  };

  async function convert(markdown: string): Promise<{ fragment: Fragment; messages: string[] }> {
    const outcome = await convertMarkdown({ pandoc: backend(), request: { markdown, sourceFile: "01-text.md", idPrefix: "s1-", timeoutMs: 30_000 } });
    if (!outcome.fragment) throw new Error(`no fragment: ${JSON.stringify(outcome.diagnostics)}`);
    return { fragment: outcome.fragment, messages: outcome.diagnostics.map((d) => d.message) };
  }

  /** The HTML of a one-paragraph text. */
  async function para(markdown: string): Promise<string> {
    const { fragment } = await convert(`${markdown}\n`);
    return htmlOf(fragment).trim();
  }

  it("keeps the space before a closing ” and the quotes inside as typed", async () => {
    expect(await para(SENTENCE)).toBe(`<p>${SENTENCE}</p>`);
  });

  it("keeps spaces inside curly quotes on both sides, nested or not", async () => {
    const text = "“ Spaced ” and ‘ single ’ and “outer ‘inner’ ” end";
    expect(await para(text)).toBe(`<p>${text}</p>`);
  });

  it("keeps the spacing when entity references stand for curly quotes", async () => {
    expect(await para("“a &rdquo; and &ldquo;b &rdquo; and &#8220;c ”")).toBe("<p>“a ” and “b ” and “c ”</p>");
  });

  it("keeps apostrophes typed as ’ (’tis, rock ’n’ roll)", async () => {
    expect(await para("’tis the season for rock ’n’ roll")).toBe("<p>’tis the season for rock ’n’ roll</p>");
  });

  it("keeps French guillemets with their narrow no-break spaces", async () => {
    const text = `Il dit : «${NNBSP}Bonjour${NNBSP}» et ‹${NNBSP}salut${NNBSP}›${NNBSP}!`;
    expect(await para(text)).toBe(`<p>${text}</p>`);
  });

  it("keeps German and other low quotes, no-break and thin spaces", async () => {
    const text = `„Ja“, sagte er, ‚nein‘.${NBSP}“${NBSP}a${NBSP}” and${THIN}—${THIN}so`;
    expect(await para(text)).toBe(`<p>${text}</p>`);
  });

  it("keeps dashes as typed: -– stays hyphen then en dash, — stays an em dash", async () => {
    expect(await para("pages 3-–4, a—b, a – b, a — b")).toBe("<p>pages 3-–4, a—b, a – b, a — b</p>");
  });

  it("keeps an ellipsis before a closing quote, with or without a space", async () => {
    expect(await para("“Wait…” and “then … ” and ‘so…’")).toBe("<p>“Wait…” and “then … ” and ‘so…’</p>");
  });

  it("still makes straight quotes curly and ASCII dashes and dots typographic", async () => {
    expect(await para(`"Straight" and 'single', it's 1--2, a---b, so...`)).toBe("<p>“Straight” and ‘single’, it’s 1–2, a—b, so…</p>");
  });

  it("keeps curly quotes in a heading, with the same id as the words alone", async () => {
    const { fragment } = await convert("# “Quoted” heading ’tis\n\n## ‘Single’ — and ’em\n");
    expect(fragment.blocks.flatMap((b) => (b.heading ? [b.heading] : [])).map((h) => [h.id, h.text])).toEqual([
      ["s1-quoted-heading-tis", "“Quoted” heading ’tis"],
      ["s1-single-and-em", "‘Single’ — and ’em"],
    ]);
    expect(htmlOf(fragment)).toContain('<h1 id="s1-quoted-heading-tis">“Quoted” heading ’tis</h1>');
    expect(htmlOf(fragment)).not.toMatch(/[\uE000-\uF8FF]/);
  });

  it("keeps curly quotes in image alt text, titles and link URLs", async () => {
    const { fragment } = await convert("An image ![“Alt, ‘x’ … ”](images/a.png \"“Title … ”\") and [a link](https://example.com/“a”/b).\n");
    expect(htmlOf(fragment)).toContain('alt="“Alt, ‘x’ … ”"');
    expect(htmlOf(fragment)).toContain('title="“Title … ”"');
    // The link is written as the ASCII URL it stands for (sanitize.ts asciiUrl): the same characters, percent-encoded.
    const href = /href="([^"]*)"/.exec(htmlOf(fragment))?.[1] ?? "";
    expect(href).toBe("https://example.com/%E2%80%9Ca%E2%80%9D/b");
    expect(decodeURI(href)).toBe("https://example.com/“a”/b");
    expect(htmlOf(fragment)).not.toMatch(/[\uE000-\uF8FF]/);
  });

  it("keeps curly quotes in code spans and code blocks", async () => {
    const { fragment } = await convert("Run `echo “ a ” ‘b’` now.\n\n```\nsay “ hi ” ’n’ \"x\" -- ...\n```\n");
    expect(htmlOf(fragment)).toContain("<code>echo “ a ” ‘b’</code>");
    expect(htmlOf(fragment)).toContain('<pre><code>say “ hi ” ’n’ "x" -- ...</code></pre>');
  });

  it("puts the characters back in pandoc's warnings too", async () => {
    const { messages } = await convert("Text.\n\n[^“k”]: An unused note.\n");
    expect(messages.join("\n")).toContain("'“k”'");
  });

  it("leaves Private Use characters the author typed alone", async () => {
    const text = "\uE000 and \uE001 “quoted” \uE002";
    expect(await para(text)).toBe(`<p>${text}</p>`);
  });
});

describe("protectTypography", () => {
  it("hides exactly the characters pandoc 2.17's smart reader reads as quotes, one unit for one", () => {
    const markdown = `${SMART_LITERALS.join(" ")} „‚«»‹›–—…`;
    const p = protectTypography({ markdown });
    expect(p.markdown).toHaveLength(markdown.length);
    expect(p.markdown.endsWith(" „‚«»‹›–—…")).toBe(true);
    for (const ch of SMART_LITERALS) expect(p.markdown).not.toContain(ch);
    expect(p.restore(p.markdown)).toBe(markdown);
  });

  it("picks placeholders the text does not use", () => {
    const markdown = "\uE000\uE001 “x”";
    const p = protectTypography({ markdown });
    expect(p.markdown.slice(0, 2)).toBe("\uE000\uE001");
    expect(p.restore(p.markdown)).toBe(markdown);
  });

  it("restores character references and percent-escapes to the same form of the original", () => {
    const p = protectTypography({ markdown: "“x”" });
    const open = p.markdown.charCodeAt(0);
    const hex = open.toString(16);
    const pct = [...new TextEncoder().encode(String.fromCharCode(open))].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    expect(p.restore(`&#${open}; &#x${hex}; ${pct}`)).toBe("&#8220; &#x201c; %E2%80%9C");
  });

  it("leaves a text with no curly quotes untouched", () => {
    const p = protectTypography({ markdown: "plain \"text\" -- ..." });
    expect(p.markdown).toBe("plain \"text\" -- ...");
    expect(p.restore("<p>x</p>")).toBe("<p>x</p>");
  });

  it("leaves the text unprotected when every Private Use code point is taken", () => {
    let all = "";
    for (let cp = 0xe000; cp <= 0xf8ff; cp++) all += String.fromCharCode(cp);
    const markdown = `${all} “x”`;
    const p = protectTypography({ markdown });
    expect(p.markdown).toBe(markdown);
    expect(p.restore(markdown)).toBe(markdown);
  });
});
