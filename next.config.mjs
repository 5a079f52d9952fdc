import { env } from "./server/env.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "postgres", "pino"],
  poweredByHeader: false,
  distDir: env.NEXT_DIST_DIR,
};

export default nextConfig;
