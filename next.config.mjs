import { env } from "./server/env.mjs";
import { securityHeaders } from "./server/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "postgres", "pino"],
  poweredByHeader: false,
  distDir: env.NEXT_DIST_DIR,
  // On every page and API response (issue 11): CSP with frame-ancestors 'none', nosniff, Referrer-Policy.
  async headers() {
    const dev = process.env.NODE_ENV === "development";
    const https = Boolean(env.NEXTAUTH_URL?.startsWith("https://") || env.PUBLIC_URL?.startsWith("https://"));
    return [{ source: "/:path*", headers: securityHeaders({ dev, https }) }];
  },
};

export default nextConfig;
