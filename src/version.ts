/** imprint's version, read once from package.json (the PDF's /Creator and the build report name it). */
import { readFileSync } from "node:fs";

export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
