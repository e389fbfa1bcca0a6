/** The editions imprint makes (a module of its own so the CLI can parse options without loading the pipeline). */
export const FORMATS = ["epub", "pdf", "html"] as const;
export type Format = (typeof FORMATS)[number];
export type CheckLevel = "none" | "fast" | "full";
