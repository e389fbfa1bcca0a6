/** Typographic quotes for metadata strings: what metadata.yaml's straight marks become on the page. */
import { describe, expect, it } from "vitest";
import { typographic, typographicMetadata } from "../../src/render/typographic.js";
import { seedBook } from "../helpers/books.js";

describe("typographic", () => {
  it.each([
    ["the opposition's plan and Maduro's perspective", "the opposition’s plan and Maduro’s perspective"],
    [`"Yes," she said`, "“Yes,” she said"],
    [`He said 'hi' to me`, "He said ‘hi’ to me"],
    ["the students' books", "the students’ books"],
    ["the '90s", "the ’90s"],
    [`O'Brien's "Best" (2024)`, "O’Brien’s “Best” (2024)"],
    [`("quoted")`, "(“quoted”)"],
  ])("%s → %s", (input, output) => {
    expect(typographic(input)).toBe(output);
  });

  it("leaves curly quotes, text without quotes and URLs as they are", () => {
    expect(typographic("“Already” curly’s")).toBe("“Already” curly’s");
    expect(typographic("No quotes at all")).toBe("No quotes at all");
    expect(typographic("https://example.org/a'b")).toBe("https://example.org/a'b");
  });

  it("makes the display strings of metadata typographic, and nothing else", async () => {
    const book = await seedBook({ metadata: { title: "The Poet's Book", subtitle: `A "quoted" subtitle`, publisher: "Ann's Press", authors: [{ name: "Ann O'Neil" }] } });
    const m = typographicMetadata(book.metadata);
    expect([m.title, m.subtitle, m.publisher, m.authors[0]!.name]).toEqual(["The Poet’s Book", "A “quoted” subtitle", "Ann’s Press", "Ann O’Neil"]);
    expect(m.identifier).toEqual(book.metadata.identifier);
    expect(m.slug).toBe(book.metadata.slug);
    // The original is not changed.
    expect(book.metadata.title).toBe("The Poet's Book");
  });
});
