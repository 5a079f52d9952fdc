// Security headers for every page and API response (next.config.mjs applies them to all routes).
// Plain JS so next.config.mjs can import it.
//
// Scripts: Next's App Router streams its payload in inline <script> tags, so 'unsafe-inline' stays until
// pages carry a per-request nonce; everything else is locked to this origin, and nothing may frame us.

/** The Content-Security-Policy value; `dev` adds what `next dev` needs (eval for React's tooling, HMR socket). */
export function contentSecurityPolicy({ dev = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Header list in next.config.mjs's `headers()` shape. HSTS only where the site is served over https. */
export function securityHeaders({ dev = false, https = false } = {}) {
  const headers = [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ dev }) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  if (https) headers.push({ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" });
  return headers;
}
