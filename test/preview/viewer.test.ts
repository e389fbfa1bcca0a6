/** The viewer's script is plain text in a template string: it must at least parse (the e2e test runs it). */
import { expect, test } from "vitest";
import { VIEWER_JS } from "../../src/preview/viewer.js";

test("the viewer's script parses", () => {
  expect(() => new Function(VIEWER_JS)).not.toThrow();
});
