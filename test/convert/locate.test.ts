import { expect, it } from "vitest";
import { createLocator, findUrl } from "../../src/convert/locate.js";

it("finds a URL where Markdown or raw HTML gives it, before any other mention of it", () => {
  const markdown = ["# Images", "", "Remote: ![remote](http://example.org/x.png)", "", "A link [here](y).", "", '<img src="x" alt="raw">', "", "<a href='y'>raw link</a>", ""].join("\n");
  expect(findUrl(createLocator(markdown), "x")).toBe(7);
  expect(findUrl(createLocator(markdown), "http://example.org/x.png")).toBe(3);
  expect(findUrl(createLocator(markdown.replace("[here](y)", "here")), "y")).toBe(9);
  // Only mentioned in passing: found there still.
  expect(findUrl(createLocator("See x.png here.\n"), "x.png")).toBe(1);
});
