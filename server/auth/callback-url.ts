// Where to go after sign-in: a path on this site only. `//evil.example`, `/\evil.example` and
// `/<tab>/evil.example` all start with "/" yet browsers resolve them to another host, so the check is
// the WHATWG URL parser's own answer, not a prefix test.
const PROBE = "http://refill.invalid";

/** The same-origin path (with query and hash) that `value` resolves to, or undefined. */
export function safeCallbackPath(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2048) return undefined;
  // Backslashes and control characters are read as "/" or dropped by browsers: never a plain path.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, PROBE);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? undefined : path;
}
