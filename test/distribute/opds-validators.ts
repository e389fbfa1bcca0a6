/**
 * The published OPDS schemas with real validators: OPDS 1.2's RelaxNG (with RFC 4287's atom.rnc
 * it includes) through jing, and OPDS 2.0's JSON Schema (with the Readium Web Publication
 * Manifest schemas it refers to) through ajv. The schemas are vendored in
 * test/fixtures/opds-schemas/ (see its README for sources and commits). jing is required: a
 * machine without it fails these tests (scripts/setup.sh installs it), never skips them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";
import { FIXTURES } from "../helpers/books.js";

export const SCHEMAS = join(FIXTURES, "opds-schemas");
const RNC = join(SCHEMAS, "opds-1.2", "opds.rnc");
const ATOM = join(SCHEMAS, "opds-1.2", "atom.rnc");

/**
 * The published opds.rnc writes its IRI test as `[ <>{}|^\`"\nrt]` where `\n\r\t` was meant, so
 * every URI with an "r" or a "t" in it (all of them: "urn:", "http", "items/…") is refused.
 * opds-community/specs#3 reports it, with this fix; the vendored file stays as published.
 */
export const RNC_FIX = { published: String.raw`'.*[ <>{}|^` + "`" + String.raw`"\nrt].*'`, fixed: String.raw`'.*[ <>{}|^` + "`" + String.raw`"\n\r\t].*'` };

export function publishedRnc(): string {
  return readFileSync(RNC, "utf8");
}

export function fixedRnc(): string {
  const text = publishedRnc();
  if (!text.includes(RNC_FIX.published)) throw new Error("opds.rnc no longer has the pattern of opds-community/specs#3: check whether the fix is still needed");
  return text.replace(RNC_FIX.published, RNC_FIX.fixed);
}

export function jingAvailable(): boolean {
  return spawnSync("jing", [], { encoding: "utf8" }).error === undefined;
}

/** jing's verdict on an OPDS 1.2 document: the errors it prints, empty when valid. */
export function validateOpds12({ xml, rnc = fixedRnc() }: { xml: string; rnc?: string }): string[] {
  if (!jingAvailable()) throw new Error("jing is not installed (Debian: apt-get install jing; `npm run setup` installs it): the OPDS 1.2 feed cannot be validated");
  const dir = mkdtempSync(join(tmpdir(), "imprint-opds-"));
  try {
    writeFileSync(join(dir, "opds.rnc"), rnc);
    writeFileSync(join(dir, "atom.rnc"), readFileSync(ATOM, "utf8"));
    writeFileSync(join(dir, "feed.xml"), xml);
    const run = spawnSync("jing", ["-c", join(dir, "opds.rnc"), join(dir, "feed.xml")], { encoding: "utf8", timeout: 60_000 });
    if (run.error) throw run.error;
    const errors = `${run.stdout}\n${run.stderr}`.split("\n").filter((l) => /: (error|fatal):/.test(l)).map((l) => l.replace(`${dir}/`, ""));
    if (run.status !== 0 && errors.length === 0) throw new Error(`jing failed without naming an error: ${run.stderr}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type AjvLike = { addSchema(schema: object): unknown; getSchema(id: string): (((data: unknown) => boolean) & { errors?: Array<{ dataPath?: string; instancePath?: string; message?: string }> | null }) | undefined };

let feedValidator: ReturnType<AjvLike["getSchema"]>;

/** ajv's verdict on an OPDS 2.0 feed against https://specs.opds.io/schema/feed.schema.json. */
export function validateOpds2(feed: unknown): string[] {
  if (!feedValidator) {
    // ajv and ajv-formats are CommonJS: their default export is the module object.
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (options: object) => AjvLike;
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith(".schema.json") ? [join(dir, n)] : []));
    for (const file of walk(join(SCHEMAS, "opds-2.0"))) ajv.addSchema(JSON.parse(readFileSync(file, "utf8")) as object);
    feedValidator = ajv.getSchema("https://specs.opds.io/schema/feed.schema.json");
    if (!feedValidator) throw new Error("the OPDS 2.0 feed schema did not load");
  }
  const valid = feedValidator(feed);
  return valid ? [] : (feedValidator.errors ?? []).map((e) => `${e.instancePath ?? e.dataPath ?? ""} ${e.message ?? ""}`.trim());
}
