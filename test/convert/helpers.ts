/** Shared inputs for the convert tests. */

/** 20 lines that send pandoc's Markdown reader into exponential time (2.17: > 120 s). */
export const HARD_INPUT = `${Array.from({ length: 20 }, () => "[a.__b__]").join("\n")}\n`;
