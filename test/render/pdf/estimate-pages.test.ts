/**
 * The page-count guess that picks the first measuring pass's gutter: near the real count for a
 * real book, so a book past 150 pages is measured once, not twice; and proportional to the trim.
 */
import { expect, test } from "vitest";
import { estimatePages } from "../../../src/render/pdf/index.js";
import { seedBook } from "../../helpers/books.js";

test("the guess is near the seed's page count and shrinks with a larger trim", async () => {
  const book = await seedBook();
  const guess = estimatePages({ book });
  // The seed prints 16 pages at 6×9 (front matter and blank versos among them); any guess under
  // 150 keeps the gutter it needs.
  expect(guess).toBeGreaterThan(5);
  expect(guess).toBeLessThan(150);
  const letter = await seedBook({ print: { trim: { name: "letter", widthMm: 215.9, heightMm: 279.4 } } });
  expect(estimatePages({ book: letter })).toBeLessThan(guess);
});
