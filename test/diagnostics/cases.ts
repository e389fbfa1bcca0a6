/**
 * The diagnostic suite's cases: one folder per catalogued code, `test/diagnostics/<category>/<name>/`
 * (Standard Ebooks' `tests/lint/<category>/<code>/` is the model). A folder holds a tiny real
 * input, `expected.txt` (the diagnostics exactly as the CLI prints them) and, when the default
 * (`build({ formats: ["html"] })` of `manuscript/`) is not the way to provoke the code, a
 * `case.json` saying how to run it. Each case runs in a fresh copy of its folder, through the same
 * public functions the CLI calls, and every path in the output is shown relative to that copy.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import JSZip from "jszip";
import { vi } from "vitest";
import * as publicApi from "../../src/index.js";
import { formatDiagnostic, type Diagnostic, type Format } from "../../src/index.js";
import { sortDiagnostics } from "../../src/diagnostics.js";
import { main } from "../../src/cli/main.js";
import { lockOutput } from "../../src/write/lock.js";
import { checkFidelity, expectedTextFromPlainText } from "../../src/check/fidelity.js";
import { htmlEditionText } from "../../src/check/edition-text.js";
import type { CheckLevel } from "../../src/formats.js";
import type { Limits } from "../../src/load/limits.js";
import type { EpubCheckName } from "../../src/check/index.js";
import type { CommentMode } from "../../src/import/review-marks.js";

export const ROOT = dirname(new URL(import.meta.url).pathname);

/** What case.json may say; every field is optional, a missing file means "build the HTML edition". */
export interface CaseSpec {
  /** build (default), import, check, cli (the CLI's `main` in-process), fidelity, packet (buildPacket of `dir`, default "."), or skip. */
  run?: "build" | "import" | "check" | "cli" | "fidelity" | "packet" | "skip";
  /** Why a case is skipped: required with run "skip". */
  why?: string;
  /** build/fidelity: the manuscript folder (default "manuscript") and output folder (default "dist"). */
  dir?: string;
  out?: string;
  formats?: Format[];
  checks?: CheckLevel;
  pandoc?: "auto" | "native" | "wasm";
  timeoutMs?: number;
  limits?: Partial<Limits>;
  /** build: the `env` option, laid over this process's environment. */
  env?: Record<string, string>;
  /** Set on process.env while the case runs (for code that reads process.env itself); the case runs alone. */
  processEnv?: Record<string, string>;
  /** PATH becomes a fresh folder holding only these programs (found on the real PATH); the case runs alone. */
  path?: string[];
  /** import: the file (relative to the case) and importManuscript's options. */
  file?: string;
  options?: { editorialNote?: "first" | "none"; force?: boolean; comments?: CommentMode; language?: string; maxUnpackedBytes?: number; timeoutMs?: number };
  /** import: start a pandoc backend as the CLI does for .docx/.odt (default true for those). */
  withPandoc?: boolean;
  /** check: the files (relative to the case), and which checkers. */
  files?: string[];
  epubChecks?: EpubCheckName[];
  preflight?: Array<"kdp" | "ingram">;
  /** build: another build holds the output folder's lock while this one runs (it waits briefly). */
  holdLock?: boolean;
  /** Zip these folders of the case into EPUBs first: { "book.epub": "book" } (mimetype stored, first). */
  zip?: Record<string, string>;
  /** cli: the arguments after `imprint` ("$CASE" stands for the case's copy, in them and in what is printed). */
  argv?: string[];
  /** fidelity: the plain text the edition must carry (relative to the case). */
  source?: string;
  /** Compare only the diagnostics that carry this folder's code (others depend on the machine). */
  only?: boolean;
}

export interface Case {
  /** The code, e.g. "meta/date": the folder's path below test/diagnostics. */
  code: string;
  dir: string;
  spec: CaseSpec;
  /** The case changes process.env, so it may not share the process with another case. */
  alone: boolean;
}

/** Every case folder: two levels below ROOT, `<category>/<name>/`. */
export async function listCases(): Promise<Case[]> {
  const cases: Case[] = [];
  for (const category of (await readdir(ROOT, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const name of (await readdir(join(ROOT, category), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const dir = join(ROOT, category, name);
      const specText = await readFile(join(dir, "case.json"), "utf8").catch(() => "{}");
      const spec = JSON.parse(specText) as CaseSpec;
      cases.push({ code: `${category}/${name}`, dir, spec, alone: spec.processEnv !== undefined || spec.path !== undefined });
    }
  }
  return cases;
}

/** Runs a case in a fresh copy of its folder; the diagnostics as printed, paths relative to the copy. */
export async function runCase(c: Case): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), `imprint-diag-${c.code.replace("/", "-")}-`));
  const saved = { ...process.env };
  try {
    await cp(c.dir, work, { recursive: true });
    await rm(join(work, "expected.txt"), { force: true });
    for (const [epub, folder] of Object.entries(c.spec.zip ?? {})) await writeFile(join(work, epub), await zipFolder(join(work, folder)));
    if (c.spec.path) process.env.PATH = await onlyPrograms({ names: c.spec.path, dir: join(work, ".bin") });
    for (const [key, value] of Object.entries(c.spec.processEnv ?? {})) process.env[key] = value.split("{case}").join(work);
    // A case that changes the environment gets freshly loaded modules, as a new `imprint` process
    // would: imprint remembers per process what it found (fc-list's fonts, for one).
    let api: Api = publicApi;
    if (c.alone) {
      vi.resetModules();
      api = await import("../../src/index.js");
    }
    return normalise({ lines: await execute({ api, spec: c.spec, work }), work });
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await rm(work, { recursive: true, force: true });
  }
}

type Api = Pick<typeof publicApi, "build" | "importManuscript" | "checkFiles" | "createPandoc" | "createImportPandoc" | "buildPacket">;

/** The printed diagnostics, in the CLI's order. */
async function execute({ api, spec, work }: { api: Api; spec: CaseSpec; work: string }): Promise<string[]> {
  return (await diagnosticsOf({ api, spec, work })).map((d) => (typeof d === "string" ? d : formatDiagnostic(d)));
}

async function diagnosticsOf({ api, spec, work }: { api: Api; spec: CaseSpec; work: string }): Promise<Array<Diagnostic | string>> {
  const { build, importManuscript, checkFiles, createImportPandoc, buildPacket } = api;
  switch (spec.run ?? "build") {
    case "build": {
      const held = spec.holdLock ? await lockOutput({ dir: join(work, spec.out ?? "dist") }) : undefined;
      try {
        const report = await build({ ...buildOptions({ spec, work }), cwd: work, ...(held ? { lockWaitMs: 500 } : {}) });
        return report.diagnostics;
      } finally {
        await held?.release();
      }
    }
    case "import": {
      const file = join(work, spec.file ?? "");
      const wantsPandoc = spec.withPandoc ?? /\.(docx|odt)$/i.test(file);
      const created = wantsPandoc ? await createImportPandoc({ backend: spec.pandoc ?? "auto" }) : undefined;
      try {
        const result = await importManuscript({ file, outDir: join(work, spec.out ?? "imported"), ...(spec.options ?? {}), ...(created?.value ? { pandoc: created.value } : {}) });
        return sortDiagnostics([...(created?.diagnostics ?? []), ...result.diagnostics]);
      } finally {
        await created?.value?.close();
      }
    }
    case "check":
      return sortDiagnostics(await checkFiles({ files: (spec.files ?? []).map((f) => join(work, f)), ...(spec.epubChecks ? { epubChecks: spec.epubChecks } : {}), ...(spec.preflight ? { preflight: spec.preflight } : {}) }));
    case "cli": {
      // What the CLI writes to stderr, as it prints it (diagnostics already formatted and sorted).
      const err: string[] = [];
      // "$CASE" in an argument is the case's fresh copy (the CLI runs where the suite runs).
      const argv = (spec.argv ?? []).map((a) => a.replaceAll("$CASE", work));
      await main(argv, { out: () => undefined, err: (text) => err.push(text.replaceAll(work, "$CASE").replace(/\n$/, "")) });
      return err;
    }
    case "fidelity": {
      // The HTML edition is built for real; its text is held against the plain text it must carry.
      const report = await build({ ...buildOptions({ spec, work }), cwd: work });
      const html = report.editions.find((e) => e.format === "html");
      if (!html) return report.diagnostics;
      const source = spec.source ?? "source.txt";
      const expected = { ...expectedTextFromPlainText({ text: await readFile(join(work, source), "utf8"), editorialNote: "none" }), sourceFile: source };
      return [...report.diagnostics, ...checkFidelity({ expected, editionText: htmlEditionText(await readFile(join(work, html.path), "utf8")), edition: "html" })];
    }
    case "packet": {
      const report = await buildPacket({ path: spec.dir ?? ".", out: spec.out ?? "dist", formats: spec.formats ?? ["html"], catalogue: false, cwd: work, env: process.env, ...(spec.checks ? { checks: spec.checks } : {}) });
      return report.diagnostics;
    }
    case "skip":
      return [];
  }
}

/** `{case}` in an env value stands for the case's folder (a program the case brings, say). */
function buildOptions({ spec, work }: { spec: CaseSpec; work: string }): Parameters<Api["build"]>[0] {
  const env = Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, v.split("{case}").join(work)]));
  return {
    dir: spec.dir ?? "manuscript",
    out: spec.out ?? "dist",
    formats: spec.formats ?? ["html"],
    ...(spec.checks ? { checks: spec.checks } : {}),
    ...(spec.pandoc ? { pandoc: spec.pandoc } : {}),
    ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
    ...(spec.limits ? { limits: spec.limits } : {}),
    env: { ...process.env, ...env },
  };
}

/**
 * The printed lines, with the copy's absolute path taken out so expected.txt is the same on every
 * machine, and the pid and random part of a temporary file's name (src/write/atomic.ts) fixed.
 */
function normalise({ lines, work }: { lines: Array<string>; work: string }): string[] {
  return lines.map((line) => line.split(`${work}/`).join("").split(work).join(".").replace(/\.new\.\d+\.[0-9a-f]+\.tmp\b/g, ".new.PID.RANDOM.tmp"));
}

/** An EPUB from a folder: `mimetype` first and stored, as OCF requires, everything else deflated. */
async function zipFolder(folder: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("mimetype", "application/epub+zip", { compression: "STORE" });
  const walk = async (dir: string): Promise<void> => {
    for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, e.name);
      const name = relative(folder, path).split("\\").join("/");
      if (e.isDirectory()) await walk(path);
      else if (name !== "mimetype") zip.file(name, await readFile(path), { compression: "DEFLATE", date: new Date("2024-01-01T00:00:00Z") });
    }
  };
  await walk(folder);
  return zip.generateAsync({ type: "uint8array", mimeType: "application/epub+zip" });
}

/** A PATH of one folder holding links to just these programs, so every other one is "not installed". */
async function onlyPrograms({ names, dir }: { names: string[]; dir: string }): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of names) {
    for (const folder of (process.env.PATH ?? "").split(delimiter)) {
      const candidate = join(folder, name);
      if (await stat(candidate).then((s) => s.isFile(), () => false)) {
        await symlink(candidate, join(dir, name));
        break;
      }
    }
  }
  return dir;
}
