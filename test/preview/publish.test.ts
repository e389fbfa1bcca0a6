/**
 * The page shows the latest build's state: a failure that follows a good build at once is what a
 * page opened afterwards reads, every time. (preview publishes builds one after another: a good
 * build's editions are read back from disk first, and under load that read could finish after
 * the failure that followed and leave the page at "ok". This test checks the order of states; it
 * does not make the disk slow enough to show that race.) In-process preview of a real fixture.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { preview, type PreviewHandle } from "../../src/preview/index.js";
import type { Rebuild } from "../../src/watch/session.js";
import { BOOKS_DIR } from "../helpers/books.js";

const work = mkdtempSync(join(tmpdir(), "imprint-publish-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The last "build" event the server keeps for a newly opened page. */
function pageState(url: string): Promise<{ state: string; phase?: string }> {
  return new Promise((res, rej) => {
    const req = request(new URL("/_events", url), (r) => {
      let text = "";
      r.on("data", (d: Buffer) => {
        text += d.toString();
        const m = /event: build\ndata: (.*)\n\n/.exec(text);
        if (m) {
          req.destroy();
          res(JSON.parse(m[1]!) as { state: string; phase?: string });
        }
      });
    });
    req.on("error", rej);
    req.end();
  });
}

test("a failure right after a good build is what the page shows", async () => {
  const dir = join(work, "book");
  cpSync(join(BOOKS_DIR, "chapters"), dir, { recursive: true });
  const meta = join(dir, "metadata.yaml");
  const good = readFileSync(meta, "utf8");
  const text = join(dir, "01-preface.md");
  let breakNext = false;
  let handle: PreviewHandle | undefined;
  const onRebuild = (r: Rebuild) => {
    // The moment a good build is done (its editions about to be read back), the author breaks the metadata.
    if (breakNext && r.phase === "full" && r.report.ok) {
      breakNext = false;
      writeFileSync(meta, good.replace(/^title: .*$/m, 'title: "unclosed'));
      void handle!.session.rebuild();
    }
  };
  handle = await preview({ build: { dir, out: join(work, "out"), formats: ["html", "epub", "pdf"], checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } }, onRebuild });
  try {
    for (let i = 0; i < 4; i++) {
      writeFileSync(text, readFileSync(text, "utf8") + `\nEdit ${i}.\n`);
      breakNext = true;
      await handle.session.rebuild();
      await handle.session.settled();
      // The publications run one after another; give the last one a moment to be read back.
      await new Promise((r) => setTimeout(r, 300));
      expect({ i, state: (await pageState(handle.url)).state }).toEqual({ i, state: "failed" });
      writeFileSync(meta, good);
      await handle.session.rebuild();
      await handle.session.settled();
    }
  } finally {
    await handle.close();
  }
}, 180_000);
