/** The booklet's sheets: a leaf module, so the CLI can check `--sheet` without loading pdf-lib. */
export type SheetName = "letter" | "a4";

/** Landscape sheets, in PDF points. */
export const SHEETS: Readonly<Record<SheetName, { width: number; height: number; label: string }>> = {
  letter: { width: 792, height: 612, label: "Letter" },
  a4: { width: 841.89, height: 595.28, label: "A4" },
};
