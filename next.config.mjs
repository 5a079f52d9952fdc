import "./server/env.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "postgres", "pino"],
  poweredByHeader: false,
};

export default nextConfig;
