/** Option value parsers: a bad value is a usage error (exit 2) that says what is allowed. */
import { InvalidArgumentError } from "commander";
import { FORMATS, type Format } from "../formats.js";

export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`use one of: ${allowed.join(", ")}`);
  };
}

export function formatList(value: string): Format[] {
  const list = value.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length || list.length === 0) throw new InvalidArgumentError(`unknown edition ${bad.map((b) => `"${b}"`).join(", ") || "(none)"}; use a comma-separated list of ${FORMATS.join(", ")}`);
  return [...new Set(list)] as Format[];
}

export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError("give a number of seconds between 0 and 3600");
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError("give a whole number greater than 0");
  return n;
}
