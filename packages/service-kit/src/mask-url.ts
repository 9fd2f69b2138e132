/**
 * Credentials travel inside URLs: `redis://user:password@host`, `?code=…` on the ingest URL,
 * `?sig=…` on a Power Automate trigger. These helpers mask them wherever a URL may be shown: in
 * log lines (through `redactText`) and in configuration errors.
 */
export const MASK = '[redacted]';

// Query parameters whose value is a secret, compared without case. Bounded: a value longer than
// any log line keeps would be cut anyway.
const SECRET_PARAMETER =
  /([?&;](?:code|sig|signature|secret|client_secret|token|access_token|refresh_token|id_token|password|passwd|pwd|apikey|api_key|api-key|key|auth)=)[^&\s#"']{0,4096}/gi;

// Everything after a `://` up to the next white space: where a URL's userinfo can be. Searched
// from the `://`, not from the scheme, so a long run of letters is never rescanned.
const AFTER_SCHEME = /:\/\/\S{1,4096}/g;

/** Masks the values of secret query parameters (`?code=…`, `&sig=…`, `&password=…`). */
export function maskSecretParameters(text: string): string {
  return text.replace(SECRET_PARAMETER, `$1${MASK}`);
}

/**
 * `rest` is what follows `://`. A well-formed URL's userinfo ends at its first `@`, but a
 * password holding `/`, `#` or `@` unencoded makes a malformed URL whose real host follows the
 * last `@`; masking up to the last one never shows a piece of such a password (at worst it also
 * hides a path holding an `@`).
 */
function maskUserinfo(rest: string, mayContinue: boolean): string {
  const at = rest.lastIndexOf('@');
  if (at >= 0) return `${MASK}${rest.slice(at)}`;
  // Cut short before its `@`, the rest may be a password: show none of it.
  return mayContinue ? MASK : rest;
}

/**
 * Masks userinfo and secret query parameters of every URL in free text. `cut` says the text was
 * cut short, so a URL running to its end may have lost its `@`.
 */
export function maskUrlCredentials(text: string, cut = false): string {
  const masked = text.replace(AFTER_SCHEME, (match: string, offset: number) => {
    const mayContinue = cut && offset + match.length === text.length;
    return `://${maskUserinfo(match.slice(3), mayContinue)}`;
  });
  return maskSecretParameters(masked);
}

/**
 * A value meant to be one URL, as it may be shown in an error: its userinfo and secret query
 * parameters masked. The value may be malformed (that may be why it is shown), so it is not
 * parsed: whatever precedes its last `@` after the scheme is userinfo.
 */
export function maskUrl(value: string): string {
  const scheme = value.indexOf('://');
  const start = scheme >= 0 ? scheme + 3 : 0;
  const at = value.lastIndexOf('@');
  const masked = at >= start ? `${value.slice(0, start)}${MASK}${value.slice(at)}` : value;
  return maskSecretParameters(masked);
}
