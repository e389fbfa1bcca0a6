/**
 * The build's one moment, never the wall clock: SOURCE_DATE_EPOCH (reproducible-builds.org) when
 * set, else the manuscript's own date, else 1980-01-01 (the earliest date a ZIP entry can carry).
 */
import { diag, type Diagnostic, type Result } from "../diagnostics.js";

const FLOOR = "1980-01-01T00:00:00Z";

export function bookModified({ env, date }: { env: NodeJS.ProcessEnv; date?: string | undefined }): Result<string | undefined> {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw !== undefined && raw !== "") {
    if (!/^\d{1,12}$/.test(raw.trim())) {
      const d: Diagnostic = diag("meta/source-date-epoch", { message: `SOURCE_DATE_EPOCH is "${raw}"; it must be a whole number of seconds since 1970-01-01 UTC (e.g. 1722384000), or unset` });
      return { value: undefined, diagnostics: [d] };
    }
    return { value: new Date(Number(raw.trim()) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"), diagnostics: [] };
  }
  if (date) {
    const [y, m = "01", d = "01"] = date.split("-");
    return { value: `${y}-${m}-${d}T00:00:00Z`, diagnostics: [] };
  }
  return { value: FLOOR, diagnostics: [] };
}
