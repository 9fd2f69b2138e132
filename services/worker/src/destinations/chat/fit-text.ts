/** Escapes one character (a whole code point) of user text; `atLineStart` for markers like `- `. */
export type EscapeChar = (char: string, atLineStart: boolean) => string;

/** Removes an escape sequence a cut left unfinished at the end of `text`. */
export type TrimDangling = (text: string) => string;

const ELLIPSIS = '…';

/** `raw` escaped code point by code point, knowing where each line starts. */
export function escapeText(raw: string, escape: EscapeChar): string {
  let escaped = '';
  let atLineStart = true;
  for (const char of raw) {
    escaped += escape(char, atLineStart);
    atLineStart = char === '\n';
  }
  return escaped;
}

/**
 * `text` in at most `limit` UTF-16 code units (as JSON, Slack and Teams count). When it does not
 * fit it is cut between code points (never inside a surrogate pair), an escape sequence the cut
 * left unfinished is dropped, and it ends with `…`.
 */
export function fitText(text: string, limit: number, trimDangling?: TrimDangling): string {
  if (text.length <= limit) return text;
  let cut = '';
  for (const char of text) {
    if (cut.length + char.length > limit - ELLIPSIS.length) break;
    cut += char;
  }
  return (trimDangling ? trimDangling(cut) : cut) + ELLIPSIS;
}
