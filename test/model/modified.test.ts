import { describe, expect, it } from "vitest";
import { derivedIdentifier, slugify, uuidV5 } from "../../src/load/identifiers.js";
import { bookModified } from "../../src/model/modified.js";

describe("bookModified", () => {
  it("prefers SOURCE_DATE_EPOCH, then the manuscript's date, then 1980", () => {
    expect(bookModified({ env: { SOURCE_DATE_EPOCH: "1722384000" }, date: "1848" }).value).toBe("2024-07-31T00:00:00Z");
    expect(bookModified({ env: {}, date: "2024-07" }).value).toBe("2024-07-01T00:00:00Z");
    expect(bookModified({ env: {}, date: "1848" }).value).toBe("1848-01-01T00:00:00Z");
    expect(bookModified({ env: {} }).value).toBe("1980-01-01T00:00:00Z");
  });

  it("rejects a SOURCE_DATE_EPOCH that is not an integer", () => {
    for (const bad of ["1.5", "yesterday", "-1", "1e9"]) {
      const r = bookModified({ env: { SOURCE_DATE_EPOCH: bad } });
      expect(r.value).toBeUndefined();
      expect(r.diagnostics[0]?.code).toBe("meta/source-date-epoch");
    }
  });
});

describe("identifiers", () => {
  it("makes RFC 4122 v5 UUIDs (checked against the RFC's DNS example)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("derives identity from title and authors only, Unicode-normalised", () => {
    const a = derivedIdentifier({ title: "Canción", authors: ["Rodríguez"] });
    const b = derivedIdentifier({ title: "Cancio\u0301n", authors: ["Rodri\u0301guez"] });
    expect(a.urn).toBe(b.urn);
    expect(a.derived).toBe(true);
  });

  it("slugs are ASCII and never empty", () => {
    expect(slugify("Venezuela: Logbook of a new victory")).toBe("venezuela-logbook-of-a-new-victory");
    expect(slugify("Pahóm’s “Land”")).toBe("pahoms-land");
    expect(slugify("Война и мир")).toBe("book");
    // Letters with no decomposition are spelt out, not dropped.
    expect(slugify("Ærø: Straße nach Łódź, þing, œuvre, Ðað, Işık")).toBe("aero-strasse-nach-lodz-thing-oeuvre-dad-isik");
    expect(slugify("../../etc/passwd")).toBe("etc-passwd");
  });
});
