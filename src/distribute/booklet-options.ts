/**
 * The booklet options as a user gives them (`--impose booklet --signature 4 --sheet a4`, or the
 * same in the API), checked once for `imprint build` and `imprint packet`: a bad value is a
 * diagnostic naming the option and what is allowed, never a throw.
 */
import { diag, type Diagnostic, type Result } from "../diagnostics.js";
import { SHEETS, type SheetName } from "./sheets.js";

export const IMPOSITIONS = ["booklet"] as const;
export type Imposition = (typeof IMPOSITIONS)[number];

export interface BookletRequest {
  sheet?: SheetName;
  signature?: number;
}

export interface BookletFlags {
  impose?: string | undefined;
  /** A number from the API, or the text after `--signature`. */
  signature?: number | string | undefined;
  sheet?: string | undefined;
  /** The editions being built: a booklet is imposed from the PDF one. */
  formats?: readonly string[] | undefined;
}

/** The booklet to make, undefined when none was asked for; errors for values that are not valid. */
export function bookletRequest({ impose, signature, sheet, formats }: BookletFlags): Result<BookletRequest | undefined> {
  const diagnostics: Diagnostic[] = [];
  const bad = (field: string, message: string) => diagnostics.push(diag("render/booklet-option", { message, field }));
  if (impose !== undefined && !(IMPOSITIONS as readonly string[]).includes(impose)) bad("--impose", `--impose "${impose}" is not an imposition imprint makes; use --impose booklet`);
  let sheets: number | undefined;
  if (signature !== undefined) {
    const n = typeof signature === "number" ? signature : /^\s*\d+\s*$/.test(signature) ? Number(signature) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) bad("--signature", `--signature "${String(signature)}" is not a whole number of sheets; give 1 or more (each sheet holds 4 pages: --signature 4 folds 16-page signatures)`);
    else sheets = n;
  }
  if (sheet !== undefined && !Object.hasOwn(SHEETS, sheet)) bad("--sheet", `--sheet "${sheet}" is not a sheet imprint imposes on; use letter or a4`);
  if (impose === undefined) {
    for (const [given, name] of [[signature, "--signature"], [sheet, "--sheet"]] as const) {
      if (given !== undefined) bad(name, `${name} only applies to a booklet; add --impose booklet`);
    }
  }
  if (diagnostics.length > 0 || impose === undefined) return { value: undefined, diagnostics };
  if (formats && !formats.includes("pdf")) {
    return { value: undefined, diagnostics: [diag("render/booklet-no-pdf", { message: `--impose booklet imposes the PDF edition, which --formats ${formats.join(",")} leaves out`, field: "--formats" })] };
  }
  return { value: { ...(sheet !== undefined ? { sheet: sheet as SheetName } : {}), ...(sheets !== undefined ? { signature: sheets } : {}) }, diagnostics };
}
