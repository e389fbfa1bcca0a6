/**
 * Catalogues as `imprint packet` hands them to the writers: a reading packet of three texts in
 * two parts (authors, a translator, an editor's note, sources, covers and thumbnails), and a
 * hostile one whose every string tries to break out of HTML, XML, JSON or a URL.
 */
import type { Catalogue, CatalogueEdition, CatalogueEntry } from "../../src/distribute/catalogue.js";

const editions = (base: string, sizes: [number, number, number]): CatalogueEdition[] => [
  { format: "epub", path: `${base}.epub`, bytes: sizes[0], mediaType: "application/epub+zip" },
  { format: "pdf", path: `${base}.pdf`, bytes: sizes[1], mediaType: "application/pdf" },
  { format: "html", path: `${base}.html`, bytes: sizes[2], mediaType: "text/html" },
];

const images = (slug: string) => ({
  cover: { path: `covers/${slug}.png`, bytes: 48_213, mediaType: "image/png", width: 800, height: 1280 },
  thumbnail: { path: `covers/${slug}-thumb.png`, bytes: 6_120, mediaType: "image/png", width: 200, height: 320 },
});

function item(slug: string, fields: Partial<CatalogueEntry>): CatalogueEntry {
  return { identifier: `urn:uuid:00000000-0000-4000-8000-${slug.length.toString().padStart(12, "0")}`, slug, title: slug, people: [], language: "en", modified: "2024-07-31T00:00:00Z", editions: editions(`items/${slug}`, [120_400, 310_000, 64_000]), ...images(slug), ...fields };
}

export function readingPacket({ url }: { url?: string } = {}): Catalogue {
  const items: CatalogueEntry[] = [
    item("civil-disobedience", {
      identifier: "urn:uuid:6f1c2a52-8d7e-4b8e-9a52-0f3c1f2b7d11",
      title: "Civil Disobedience",
      subtitle: "Resistance to Civil Government",
      people: [{ name: "Henry David Thoreau", role: "aut", fileAs: "Thoreau, Henry David" }, { name: "Ada Editor", role: "edt" }],
      date: "1849",
      summary: "Thoreau's essay on the duty to disobey unjust laws.",
      source: "First published in Aesthetic Papers, 1849.",
      rights: "Public domain",
    }),
    item("communist-manifesto", {
      identifier: "urn:isbn:9780306406157",
      title: "The Communist Manifesto",
      people: [{ name: "Karl Marx", role: "aut" }, { name: "Friedrich Engels", role: "aut" }, { name: "Samuel Moore", role: "trl" }, { name: "Friedrich Engels", role: "ann" }],
      date: "1888-02",
      summary: "The 1888 English translation.",
      source: "First published in London, 1848; this translation 1888.",
    }),
    item("how-much-land", {
      identifier: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
      title: "How Much Land Does a Man Need?",
      people: [{ name: "Leo Tolstoy", role: "aut" }, { name: "Louise Maude", role: "trl" }, { name: "Aylmer Maude", role: "trl" }],
      language: "en-GB",
      date: "1886-01-01",
    }),
  ];
  return {
    packet: {
      identifier: "urn:uuid:9d1c2a52-8d7e-4b8e-9a52-0f3c1f2b7d99",
      slug: "reading-packet",
      title: "A Reading Packet",
      subtitle: "Three texts on the state",
      people: [{ name: "Ada Editor", role: "edt" }, { name: "Ben Editor", role: "edt" }],
      language: "en",
      summary: "Three classic texts for a seminar, each with its translator and source.",
      date: "2024-07-31",
      modified: "2024-08-01T10:00:00.000Z",
      publisher: "Workers Press",
      rights: "Texts in the public domain; notes CC BY 4.0.",
      ...images("reading-packet"),
      editions: [
        ...editions("reading-packet", [412_000, 1_204_000, 220_000]),
        { format: "booklet", path: "reading-packet-booklet.pdf", bytes: 1_300_000, mediaType: "application/pdf" },
        { format: "zip", path: "reading-packet.zip", bytes: 3_900_000, mediaType: "application/zip" },
      ],
      ...(url ? { url } : {}),
    },
    items,
    parts: [
      { title: "Part One: Resistance", items: ["civil-disobedience"] },
      { title: "Part Two: Class and land", items: ["communist-manifesto", "how-much-land"] },
    ],
  };
}

/** Every string a manuscript controls, made hostile. */
export const HOSTILE = `</title><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp;]]><!--`;

export function hostilePacket(): Catalogue {
  const c = readingPacket({ url: "https://example.org/packets/reading/" });
  const evil = (s: string) => `${s} ${HOSTILE}`;
  c.packet.title = evil("Packet");
  c.packet.subtitle = evil("Sub");
  c.packet.summary = evil("Summary");
  c.packet.publisher = evil("Publisher");
  c.packet.rights = evil("Rights");
  c.packet.people = [{ name: evil("Editor"), role: "edt" }];
  for (const i of c.items) {
    i.title = evil(i.title);
    i.subtitle = evil("Subtitle");
    i.summary = evil("Item summary");
    i.source = evil("Source");
    i.people = i.people.map((p) => ({ ...p, name: evil(p.name) }));
  }
  c.parts = c.parts.map((p) => ({ ...p, title: evil(p.title) }));
  return c;
}
