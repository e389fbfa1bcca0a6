import { describe, expect, it } from "vitest";
import { checkLanguageScript, expectedScript } from "../../src/check/language-script.js";
import { UDHR_1 } from "../fixtures/import-plain/udhr.js";

const file = (path: string, text: string) => ({ path, text });

describe("checkLanguageScript", () => {
  it("language: en with an Arabic text warns, naming the file and the language it looks like", async () => {
    const diagnostics = await checkLanguageScript({ language: "en", files: [file("manuscript/01-text.md", `## عنوان\n\n${UDHR_1.ar}\n`)] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "check/language-script", severity: "warning", file: "manuscript/01-text.md", field: "language" });
    expect(diagnostics[0]?.message).toMatch(/declares language "en" \(Latin script\), but 100% of this file's letters are Arabic; the text looks like "ar"/);
    expect(diagnostics[0]?.hint).toContain('"ar"');
  });

  it.each([
    ["en", "el"], ["en", "he"], ["ar", "en"], ["ru", "ja"], ["he", "ru"], ["zh", "ar"], ["ko", "ru"],
  ])("language: %s with %s text warns", async (language, text) => {
    expect((await checkLanguageScript({ language, files: [file("a.md", UDHR_1[text] ?? "")] })).map((d) => d.code)).toEqual(["check/language-script"]);
  });

  it.each([
    ["ar", "ar"], ["fa", "fa"], ["ur", "ur"], ["he", "he"], ["vi", "vi"], ["el", "el"], ["ru", "ru"], ["ja", "ja"], ["es", "en"], ["en-GB", "es"], ["sr-Latn", "en"],
  ])("language: %s with %s text is fine (same script)", async (language, text) => {
    expect(await checkLanguageScript({ language, files: [file("a.md", UDHR_1[text] ?? "")] })).toEqual([]);
  });

  it("Japanese kanji-only, Korean with hanja, Chinese: no warning", async () => {
    expect(await checkLanguageScript({ language: "ja", files: [file("a.md", "日本国憲法第一条天皇日本国象徴日本国民統合象徴地位主権存する日本国民総意基く日本国憲法第一条天皇日本国象徴")] })).toEqual([]);
    expect(await checkLanguageScript({ language: "ko", files: [file("a.md", "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다. 大韓民國")] })).toEqual([]);
    expect(await checkLanguageScript({ language: "zh-Hant", files: [file("a.md", "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。")] })).toEqual([]);
  });

  it("a Chinese list of English titles is Chinese: a Han character weighs as a short word, not a letter", async () => {
    const list = Array.from({ length: 12 }, (_, i) => `* [Pro Git, Second Edition ${i}](https://example.com/${i}) - Scott Chacon, Ben Straub（中文版，在线阅读）`).join("\n");
    expect(await checkLanguageScript({ language: "zh-Hans", files: [file("a.md", `# 编程书籍\n\n${list}\n`)] })).toEqual([]);
    // English prose with a word of Chinese still warns.
    expect((await checkLanguageScript({ language: "zh-Hans", files: [file("b.md", `${UDHR_1.en} ${UDHR_1.en} 中文`)] })).map((d) => d.code)).toEqual(["check/language-script"]);
  });

  it("short files, mixed files and unknown tags do not warn", async () => {
    expect(await checkLanguageScript({ language: "en", files: [file("note.md", "شكرا جزيلا")] })).toEqual([]);
    // An English essay quoting Arabic at length: Latin still holds a fair share.
    expect(await checkLanguageScript({ language: "en", files: [file("a.md", `${UDHR_1.en} ${UDHR_1.ar}`)] })).toEqual([]);
    expect(await checkLanguageScript({ language: "not a tag!", files: [file("a.md", UDHR_1.ar ?? "")] })).toEqual([]);
  });

  it("one warning per mismatched file, naming each", async () => {
    const diagnostics = await checkLanguageScript({ language: "en", files: [file("01.md", UDHR_1.en ?? ""), file("02.md", UDHR_1.he ?? ""), file("03.md", UDHR_1.vi ?? ""), file("04.md", UDHR_1.ru ?? "")] });
    expect(diagnostics.map((d) => d.file)).toEqual(["02.md", "04.md"]);
    expect(diagnostics[1]?.message).toContain("Cyrillic");
  });

  it("expectedScript follows CLDR's likely scripts", () => {
    expect(["en", "ar", "fa", "ur", "he", "sr", "sr-Latn", "zh", "zh-TW", "ja", "ko", "vi"].map(expectedScript)).toEqual(["Latn", "Arab", "Arab", "Arab", "Hebr", "Cyrl", "Latn", "Hans", "Hant", "Jpan", "Kore", "Latn"]);
  });
});
