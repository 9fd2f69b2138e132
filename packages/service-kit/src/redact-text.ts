import { MASK, maskUrlCredentials } from './mask-url';

/**
 * Free text (a path, an error message, a Dataverse or SMTP reply) may hold personal data and
 * comes from outside. Scrubbing it must cost time in proportion to what is kept, never more: a
 * request's path is logged before anything checks who sent it.
 */

/** What a log line keeps of one piece of text; the rest is cut, and the cut is said. */
export const MAX_LOGGED_TEXT = 2048;

// Scrubbed past the cut, so a value straddling it is recognised whole and masked rather than
// half-shown (an e-mail address is at most 254 characters).
const LOOKAHEAD = 512;

// Characters of an e-mail address's local part.
const LOCAL_PART = /[A-Za-z0-9._%+-]/;
// The domain after an `@`, tried at that one position (sticky): labels of at most 63 characters.
const DOMAIN = /[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,16}/y;

/**
 * Masks e-mail addresses. They are found from their `@` and grown both ways, not by trying a
 * pattern at every position: a long run of letters without an `@` is then read once, where a
 * pattern would read it again from each of its characters.
 */
function maskEmails(text: string): string {
  let out = '';
  let shown = 0; // text before this index is already in `out`
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    // Stops at an earlier `@` at the latest, so no character is walked over twice.
    while (start > shown && LOCAL_PART.test(text.charAt(start - 1))) start--;
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text);
    if (start === at || !domain) continue;
    out += text.slice(shown, start) + MASK;
    shown = DOMAIN.lastIndex;
    at = shown - 1;
  }
  return shown === 0 ? text : out + text.slice(shown);
}

/**
 * Phone-like runs: 7 to 15 digits (E.164's most), an optional leading `+`, and between digits at
 * most three of space, `.`, `-`, `(` and `)` (an opening parenthesis before the first digit is
 * left, as it may be the text's own). Not inside a word or a longer number (a GUID's last group,
 * `0x80040265`), and not followed by more digits a separator away (a GUID of digits, a date) or
 * by `-` and a letter (a GUID whose first group is digits). Bounded and unambiguous (separators
 * are never digits), so it runs in linear time.
 */
const PHONE = /(?<![\w+.-])\+?\d(?:[ .()-]{0,3}\d){6,14}(?!\w|[ .()-]{1,3}\d|-\w)/g;
// Digit runs of the shape above that are not phone numbers: a date (`2025-01-02 03`), an IPv4
// address, a decimal number.
const NOT_A_PHONE = [/^\d{4}-[01]\d-[0-3]\d(?!\d)/, /^\d{1,3}(?:\.\d{1,3}){3}$/, /^\d+\.\d+$/];

function maskPhones(text: string): string {
  return text.replace(PHONE, (run) => (NOT_A_PHONE.some((shape) => shape.test(run)) ? run : MASK));
}

/**
 * What any of the masks needs to find something: an `@` (an address, URL userinfo), a `=` (a
 * secret parameter), a `://` (a URL), or seven digits with the separators a phone number allows.
 * Most logged text (a message, a path, an id) has none, and is then returned without running the
 * masks' patterns. Bounded like PHONE, so linear.
 */
const MAY_HOLD_SECRETS = /[@=]|:\/\/|\d(?:[ .()-]{0,3}\d){6}/;

function scrub(text: string, cut: boolean): string {
  if (!MAY_HOLD_SECRETS.test(text)) return text;
  return maskPhones(maskEmails(maskUrlCredentials(text, cut)));
}

/**
 * Free text as it may be logged: cut to {@link MAX_LOGGED_TEXT} characters (the cut is marked),
 * with e-mail addresses, phone numbers, URL userinfo and URL secrets masked.
 */
export function redactText(text: string): string {
  if (text.length <= MAX_LOGGED_TEXT) return scrub(text, false);
  const kept = scrub(text.slice(0, MAX_LOGGED_TEXT + LOOKAHEAD), true).slice(0, MAX_LOGGED_TEXT);
  return `${kept}…[cut: ${text.length} characters in all]`;
}
