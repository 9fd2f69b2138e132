/**
 * Where to go after signing in: a path on this listener only. Anything that could leave it — an
 * absolute URL, `//host`, `/\host` (which browsers read as `//host`), control characters — gives
 * `/`, so the sign-in can never be used to send someone to another site.
 */
export function localReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  return value;
}
