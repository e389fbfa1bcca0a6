// The IANA Language Subtag Registry reduced to what a quick "is this a registered tag?" needs
// (src/load/language-fast.ts): the language, script and region subtags that are not deprecated,
// and the deprecated whole tags of those shapes. language-tags itself reads 1.4 MB of registry
// JSON (~30 ms a build); this is ~40 KB. `npm run compile` writes it to lib/load/.
import { createRequire } from "node:module";

export function languageSubtags() {
  const registry = createRequire(import.meta.url)("language-subtag-registry/data/json/registry.json");
  const of = (type) => registry.filter((r) => r.Type === type && !r.Deprecated).map((r) => r.Subtag.toLowerCase()).sort();
  return {
    languages: of("language").join(" "),
    scripts: of("script").join(" "),
    regions: of("region").join(" "),
    // Whole tags (grandfathered, redundant) that are deprecated: "sgn-BR" is two registered subtags but not a tag to use.
    deprecatedTags: registry.filter((r) => (r.Type === "grandfathered" || r.Type === "redundant") && r.Deprecated).map((r) => r.Tag.toLowerCase()).sort().join(" "),
  };
}
