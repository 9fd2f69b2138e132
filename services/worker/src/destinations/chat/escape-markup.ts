import type { EscapeChar, TrimDangling } from './fit-text';

const SLACK_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Slack mrkdwn: `&`, `<` and `>` are its control characters (`<!channel>`, `<url|text>`), and
 * Slack asks for them as HTML entities; nothing else needs escaping.
 */
export const escapeSlackChar: EscapeChar = (char) => SLACK_ENTITIES[char] ?? char;

/** An entity cut short (`&am`) would show as text. */
export const trimSlackDangling: TrimDangling = (text) =>
  text.replace(/&(?:a|am|amp|l|lt|g|gt)?$/, '');

// Inline Markdown that Adaptive Card TextBlocks and facts render: emphasis, code, links.
const CARD_INLINE = new Set(['\\', '*', '_', '`', '[', ']', '~']);
// At the start of a line: list items, headings and quotes.
const CARD_LINE_START = new Set(['-', '+', '#', '>']);

/**
 * An Adaptive Card's Markdown subset (bold, italic, lists, links): a backslash before each
 * character that could start one, as CommonMark reads it, so a customer's text shows as typed.
 */
export const escapeCardChar: EscapeChar = (char, atLineStart) =>
  CARD_INLINE.has(char) || (atLineStart && CARD_LINE_START.has(char)) ? `\\${char}` : char;

/** A backslash left alone at the end would escape whatever follows it. */
export const trimCardDangling: TrimDangling = (text) => {
  let backslashes = 0;
  while (text.charAt(text.length - 1 - backslashes) === '\\') backslashes += 1;
  return backslashes % 2 === 1 ? text.slice(0, -1) : text;
};
