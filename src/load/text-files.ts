/** The text files a manuscript's text is read from: Markdown, and R Markdown's and Quarto's (their code chunks are not run: src/convert/code-chunks.ts). */
export const TEXT_FILE = /\.(md|markdown|rmd|qmd)$/i;
