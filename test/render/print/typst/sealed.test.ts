/**
 * A manuscript's typst template can name packages: `@preview/…` is downloaded from the network,
 * `@local/…` read from the user's own package folder. Neither is the book's: the compiler's process
 * is sealed off from both (src/render/print/typst/compiler.ts). Here a real `@local` package sits
 * where typst looks for one (~/.local/share/typst/packages of this process's HOME, which a worker
 * started unsealed would inherit), and importing it fails.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";

it("refuses typst packages to a manuscript's template, a real @local one included, naming why", async () => {
  const home = mkdtempSync(join(tmpdir(), "imprint-typst-home-"));
  const pkg = join(home, ".local", "share", "typst", "packages", "local", "evil", "0.1.0");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, "typst.toml"), '[package]\nname = "evil"\nversion = "0.1.0"\nentrypoint = "lib.typ"\nauthors = ["x"]\nlicense = "MIT"\ndescription = "x"\n');
  writeFileSync(join(pkg, "lib.typ"), '#let secret = "CANARY-OUTSIDE"\n');
  process.env.HOME = home;

  const dir = mkdtempSync(join(tmpdir(), "imprint-sealed-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Sealed\nauthors: A\nlanguage: en\n");
  writeFileSync(join(dir, "01.md"), "# One\n\nText.\n");
  mkdirSync(join(dir, "templates", "typst"), { recursive: true });
  const builtIn = readFileSync(join(ROOT, "templates", "typst", "title-page.typ"), "utf8");
  writeFileSync(join(dir, "templates", "typst", "title-page.typ"), `#import "@local/evil:0.1.0": secret\n${builtIn}`);
  const report = await build({ dir, out: join(dir, "out"), cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(false);
  const typst = report.diagnostics.filter((d) => d.code === "render/typst");
  expect(typst).toHaveLength(1);
  expect(typst[0]?.file).toMatch(/templates\/typst\/title-page\.typ$/);
  expect(typst[0]?.message).toMatch(/typst packages \(@preview, @local\) are not available/);
}, 120_000);
