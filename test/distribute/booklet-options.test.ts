/**
 * The booklet options as `imprint build`, `imprint packet` and the API take them: valid values
 * pass through, each bad one is a diagnostic naming the option and what is allowed.
 */
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { bookletRequest } from "../../src/distribute/index.js";
import { CHAPTERS_DIR } from "../helpers/books.js";

const codes = (r: ReturnType<typeof bookletRequest>) => r.diagnostics.map((d) => `${d.code} ${d.field}`);

describe("bookletRequest", () => {
  it("passes valid values through, from the command line's text or the API's numbers", () => {
    expect(bookletRequest({})).toEqual({ value: undefined, diagnostics: [] });
    expect(bookletRequest({ impose: "booklet" })).toEqual({ value: {}, diagnostics: [] });
    expect(bookletRequest({ impose: "booklet", signature: "4", sheet: "a4", formats: ["pdf"] })).toEqual({ value: { signature: 4, sheet: "a4" }, diagnostics: [] });
    expect(bookletRequest({ impose: "booklet", signature: 2 }).value).toEqual({ signature: 2 });
  });

  it("names each bad value", () => {
    expect(codes(bookletRequest({ impose: "zine" }))).toEqual(["render/booklet-option --impose"]);
    for (const signature of ["0", "-1", "1.5", "four", "", "1e3", 0, 2.5, Number.NaN]) expect(codes(bookletRequest({ impose: "booklet", signature })), String(signature)).toEqual(["render/booklet-option --signature"]);
    for (const sheet of ["A4", "a3", "legal", "toString", "__proto__"]) expect(codes(bookletRequest({ impose: "booklet", sheet })), sheet).toEqual(["render/booklet-option --sheet"]);
    expect(codes(bookletRequest({ signature: "4", sheet: "letter" }))).toEqual(["render/booklet-option --signature", "render/booklet-option --sheet"]);
    expect(codes(bookletRequest({ impose: "booklet", formats: ["epub", "html"] }))).toEqual(["render/booklet-no-pdf --formats"]);
  });

  it("makes build() fail before converting anything", async () => {
    const report = await build({ dir: CHAPTERS_DIR, out: "/nonexistent/never-written", formats: ["html"], impose: "booklet" });
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d) => d.code)).toEqual(["render/booklet-no-pdf"]);
    expect(report.timings).toEqual({});
    const bad = await build({ dir: CHAPTERS_DIR, out: "/nonexistent/never-written", impose: "booklet", signature: 0 });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["render/booklet-option"]);
  });
});
