/**
 * A quick answer for the usual language tag (`en`, `en-GB`, `es-419`, `zh-Hant`, `sr-Latn-RS`):
 * each subtag registered and none deprecated, read from a 40 KB digest of the IANA registry that
 * `npm run compile` writes (scripts/language-subtags.mjs). Anything else, or no digest (running
 * from the TypeScript sources), is left to language-tags, whose 1.4 MB registry took ~30 ms of
 * every build's start.
 */
import { compiledJson } from "../render/compiled-json.js";

export interface LanguageSubtags {
  languages: string;
  scripts: string;
  regions: string;
  deprecatedTags: string;
}

interface Sets {
  languages: Set<string>;
  scripts: Set<string>;
  regions: Set<string>;
  deprecatedTags: Set<string>;
}

const SHAPE = /^([a-z]{2,3})(?:-([A-Z][a-z]{3}))?(?:-([A-Z]{2}|[0-9]{3}))?$/;

export function subtagSets(data: LanguageSubtags): Sets {
  const set = (s: string) => new Set(s.split(" "));
  return { languages: set(data.languages), scripts: set(data.scripts), regions: set(data.regions), deprecatedTags: set(data.deprecatedTags) };
}

/** True when `tag` is certainly a registered tag; undefined when language-tags must say. */
export function quicklyRegistered({ tag, sets }: { tag: string; sets: Sets }): true | undefined {
  const m = SHAPE.exec(tag);
  if (!m || sets.deprecatedTags.has(tag.toLowerCase())) return undefined;
  const [, language, script, region] = m;
  if (!sets.languages.has(language as string)) return undefined;
  if (script && !sets.scripts.has(script.toLowerCase())) return undefined;
  if (region && !sets.regions.has(region.toLowerCase())) return undefined;
  return true;
}

let sets: Sets | null | undefined;
/** The compiled digest (lib/load/language-subtags.json), or null. */
function digest(): Sets | null {
  if (sets === undefined) {
    const data = compiledJson<LanguageSubtags>("load/language-subtags.json");
    sets = data ? subtagSets(data) : null;
  }
  return sets;
}

export function registeredTagQuickly(tag: string): true | undefined {
  const sets = digest();
  return sets ? quicklyRegistered({ tag, sets }) : undefined;
}
