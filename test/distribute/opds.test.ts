/**
 * opds.xml and opds.json validated against the published schemas with real validators (jing and
 * ajv; see opds-validators.ts), relative and absolute, with hostile metadata; a feed broken on
 * purpose must fail, so the validation is known to bite. Then what reading apps need is checked:
 * every item and edition with its type and length, covers and thumbnails, people and languages.
 */
import { describe, expect, it } from "vitest";
import { opdsJson, opdsXml, type Catalogue } from "../../src/distribute/index.js";
import { hostilePacket, readingPacket } from "./catalogue-fixture.js";
import { fixedRnc, jingAvailable, publishedRnc, RNC_FIX, validateOpds12, validateOpds2 } from "./opds-validators.js";

type Publication = { metadata: Record<string, unknown>; links: Array<{ rel: string; href: string; type: string; size?: number }>; images?: Array<{ href: string; type: string; width: number; height: number }> };
type Feed = { metadata: Record<string, unknown>; links: Array<{ rel: string; href: string; type: string }>; publications: Publication[]; groups?: Array<{ metadata: { title: string }; publications: Publication[] }> };

const ALL = (feed: Feed): Publication[] => [...feed.publications, ...(feed.groups ?? []).flatMap((g) => g.publications)];

describe("OPDS 1.2 (opds.xml) against the published RelaxNG, with jing", () => {
  it("has jing to validate with (scripts/setup.sh installs it)", () => {
    expect(jingAvailable(), "jing is missing: apt-get install jing").toBe(true);
  });

  it("uses the published schema with only the fix of opds-community/specs#3", () => {
    const published = publishedRnc().split("\n");
    const fixed = fixedRnc().split("\n");
    const changed = fixed.map((line, i) => (line === published[i] ? undefined : i)).filter((i) => i !== undefined);
    expect(changed).toHaveLength(1);
    expect(fixed[changed[0] as number]).toContain(RNC_FIX.fixed);
    // As published, the schema refuses even its own spec's examples: every IRI with an r or a t.
    expect(validateOpds12({ xml: opdsXml({ catalogue: readingPacket() }), rnc: publishedRnc() }).join("\n")).toMatch(/invalid/);
  });

  for (const [name, catalogue] of [["relative links", readingPacket()], ["absolute links (url set)", readingPacket({ url: "https://example.org/packets/reading" })], ["hostile metadata", hostilePacket()]] as const) {
    it(`is valid: ${name}`, () => {
      expect(validateOpds12({ xml: opdsXml({ catalogue }) })).toEqual([]);
    });
  }

  it("fails validation when the feed is broken on purpose", () => {
    const xml = opdsXml({ catalogue: readingPacket() });
    expect(validateOpds12({ xml: xml.replace(/<title>Civil Disobedience<\/title>/, "") }).join("\n")).toMatch(/missing required element "title"/);
    expect(validateOpds12({ xml: xml.replace(/<updated>[^<]*<\/updated>/, "<updated>yesterday</updated>") }).length).toBeGreaterThan(0);
    expect(validateOpds12({ xml: xml.replace('type="application/epub+zip"', 'type="epub"') }).length).toBeGreaterThan(0);
    expect(validateOpds12({ xml: xml.replace("</feed>", "") }).length).toBeGreaterThan(0);
  });

  it("lists the packet and every item with editions, lengths, covers, people, language and dates", () => {
    const catalogue = readingPacket();
    const xml = opdsXml({ catalogue });
    const entries = xml.split("<entry>").slice(1);
    expect(entries).toHaveLength(1 + catalogue.items.length);
    for (const [i, entry] of [catalogue.packet, ...catalogue.items].entries()) {
      const text = entries[i] as string;
      expect(text).toContain(`<id>${entry.identifier}</id>`);
      for (const e of entry.editions) expect(text).toContain(`<link rel="http://opds-spec.org/acquisition/open-access" href="${e.path}" type="${e.mediaType}" length="${e.bytes}"`);
      expect(text).toContain(`<link rel="http://opds-spec.org/image" href="${entry.cover?.path}" type="image/png"/>`);
      expect(text).toContain(`<link rel="http://opds-spec.org/image/thumbnail" href="${entry.thumbnail?.path}" type="image/png"/>`);
      expect(text).toContain(`<dc:language>${entry.language}</dc:language>`);
    }
    expect(entries[2]).toContain("<author><name>Karl Marx</name></author>");
    expect(entries[2]).toContain("<contributor><name>Samuel Moore</name></contributor>");
    expect(entries[2]).toContain("<dc:issued>1888-02</dc:issued>");
    expect(entries[1]).toContain('<summary type="text">Thoreau');
    expect(entries[1]).toContain('<category term="Part One: Resistance" label="Part One: Resistance"/>');
    expect(entries[0]).toContain("<author><name>Ada Editor</name></author>");
    expect(xml).toContain('<link rel="self" href="opds.xml" type="application/atom+xml;profile=opds-catalog;kind=acquisition"/>');
    expect(xml).toMatch(/<updated>2024-08-01T10:00:00Z<\/updated>/);
  });

  it("makes every link absolute under the packet's url, and relative without one", () => {
    const absolute = opdsXml({ catalogue: readingPacket({ url: "https://example.org/packets/reading" }) });
    const hrefs = [...absolute.matchAll(/href="([^"]*)"/g)].map((m) => m[1] as string);
    expect(hrefs.length).toBeGreaterThan(20);
    for (const href of hrefs) expect(href.startsWith("https://example.org/packets/reading/")).toBe(true);
    expect(absolute).toContain('href="https://example.org/packets/reading/items/communist-manifesto.epub"');
    for (const href of [...opdsXml({ catalogue: readingPacket() }).matchAll(/href="([^"]*)"/g)].map((m) => m[1] as string)) expect(href).not.toMatch(/^[a-z]+:|^\//);
    // A url that is not http(s) never becomes a base.
    expect(opdsXml({ catalogue: readingPacket({ url: "javascript:alert(1)//" }) })).not.toContain("javascript:");
  });

  it("escapes hostile metadata into text", () => {
    const xml = opdsXml({ catalogue: hostilePacket() });
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("OPDS 2.0 (opds.json) against the published JSON Schema, with ajv", () => {
  const noParts: Catalogue = { ...readingPacket(), parts: [] };
  for (const [name, catalogue] of [["relative links", readingPacket()], ["absolute links (url set)", readingPacket({ url: "https://example.org/packets/reading/" })], ["hostile metadata", hostilePacket()], ["no parts", noParts]] as const) {
    it(`is valid: ${name}`, () => {
      expect(validateOpds2(JSON.parse(opdsJson({ catalogue })))).toEqual([]);
    });
  }

  it("fails validation when the feed is broken on purpose", () => {
    const good = JSON.parse(opdsJson({ catalogue: readingPacket() })) as Feed;
    const broken = [
      (f: Feed) => delete f.publications[0]?.metadata.title,
      (f: Feed) => f.publications[0]?.links.forEach((l) => (l.rel = "alternate")),
      (f: Feed) => (f.links = f.links.filter((l) => l.rel !== "self")),
      (f: Feed) => ((f.publications[0] as Publication).metadata.modified = "yesterday"),
      (f: Feed) => ((f.groups?.[0]?.publications[0] as Publication).metadata.language = "not a language!"),
    ];
    for (const breakIt of broken) {
      const feed = structuredClone(good);
      breakIt(feed);
      expect(validateOpds2(feed).length, JSON.stringify(breakIt.toString())).toBeGreaterThan(0);
    }
  });

  it("lists the packet, loose items and a group per part, with editions, sizes, images and roles", () => {
    const catalogue = readingPacket();
    const feed = JSON.parse(opdsJson({ catalogue })) as Feed;
    expect(feed.metadata).toMatchObject({ title: "A Reading Packet", modified: "2024-08-01T10:00:00Z", numberOfItems: 4 });
    expect(feed.links.find((l) => l.rel === "self")).toEqual({ rel: "self", href: "opds.json", type: "application/opds+json" });
    expect(feed.publications.map((p) => p.metadata.title)).toEqual(["A Reading Packet"]);
    expect(feed.groups?.map((g) => g.metadata.title)).toEqual(["Part One: Resistance", "Part Two: Class and land"]);
    const all = ALL(feed);
    expect(all.map((p) => p.metadata.identifier)).toEqual([catalogue.packet, ...catalogue.items].map((e) => e.identifier));
    for (const [i, entry] of [catalogue.packet, ...catalogue.items].entries()) {
      const p = all[i] as Publication;
      expect(p.links.map((l) => [l.href, l.type, l.size])).toEqual(expect.arrayContaining(entry.editions.map((e) => [e.path, e.mediaType, e.bytes])));
      expect(p.images?.map((im) => im.href)).toEqual([entry.cover?.path, entry.thumbnail?.path]);
      expect(p.metadata.language).toBe(entry.language);
    }
    const manifesto = all[2] as Publication;
    expect(manifesto.metadata.author).toEqual([{ name: "Karl Marx" }, { name: "Friedrich Engels" }]);
    expect(manifesto.metadata.translator).toEqual([{ name: "Samuel Moore" }]);
    expect(manifesto.metadata.contributor).toEqual([{ name: "Friedrich Engels", role: "ann" }]);
    expect(manifesto.metadata.published).toBe("1888-02-01");
    expect(manifesto.metadata.belongsTo).toEqual({ collection: [{ name: "A Reading Packet", identifier: catalogue.packet.identifier, position: 2 }] });
    expect((all[0] as Publication).metadata.editor).toEqual([{ name: "Ada Editor" }, { name: "Ben Editor" }]);
    expect((all[0] as Publication).metadata.publisher).toEqual([{ name: "Workers Press" }]);
    expect((all[1] as Publication).metadata.author).toEqual([{ name: "Henry David Thoreau", sortAs: "Thoreau, Henry David" }]);
  });

  it("puts items outside any part among the publications", () => {
    const catalogue = { ...readingPacket(), parts: [{ title: "Only part", items: ["how-much-land"] }] };
    const feed = JSON.parse(opdsJson({ catalogue })) as Feed;
    expect(feed.publications.map((p) => p.metadata.title)).toEqual(["A Reading Packet", "Civil Disobedience", "The Communist Manifesto"]);
    expect(feed.groups?.[0]?.publications.map((p) => p.metadata.title)).toEqual(["How Much Land Does a Man Need?"]);
  });

  it("makes links absolute under the url", () => {
    const json = opdsJson({ catalogue: readingPacket({ url: "https://example.org/r/" }) });
    for (const m of json.matchAll(/"href": "([^"]*)"/g)) expect(m[1]).toMatch(/^https:\/\/example\.org\/r\//);
  });
});
