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

const LIMIT_NAMES = ["max-svg-elements", "max-svg-use-depth", "max-svg-use-expansion", "max-total-image-pixels"] as const;
type LimitName = (typeof LIMIT_NAMES)[number];
const LIMIT_KEYS: Record<LimitName, "maxSvgElements" | "maxSvgUseDepth" | "maxSvgUseExpansion" | "maxTotalImagePixels"> = {
  "max-total-image-pixels": "maxTotalImagePixels",
  "max-svg-elements": "maxSvgElements",
  "max-svg-use-depth": "maxSvgUseDepth",
  "max-svg-use-expansion": "maxSvgUseExpansion",
};

/** `--limit max-svg-elements=100000` (repeatable): raises one of the SVG caps, or the images' total. */
export function limitSetting(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([a-z-]+)=(\d+)$/.exec(value.trim());
  const name = m?.[1] as LimitName | undefined;
  if (!m || !name || !(LIMIT_NAMES as readonly string[]).includes(name) || !(Number(m[2]) > 0)) {
    throw new InvalidArgumentError(`use NAME=N with NAME one of ${LIMIT_NAMES.join(", ")} and N a whole number greater than 0`);
  }
  return { ...previous, [LIMIT_KEYS[name]]: Number(m[2]) };
}
