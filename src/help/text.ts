/** Help text that ends up in one-line places: titles, mail Subject headers. */

/** Control characters (tab, CR, LF, escape, …) and the Unicode line and paragraph separators. */
export const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** `text` as one line: cut at the first line break, other control characters as spaces. */
export function oneLine(text: string): string {
  const first = text.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/u)[0] ?? "";
  return first.replace(new RegExp(CONTROL.source, "gu"), " ").trim();
}
