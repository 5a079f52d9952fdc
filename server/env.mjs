// The one place that reads process.env (STYLE §5). Plain JS so next.config.mjs can import it.
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const DEV_SECRET = "refill-development-secret-do-not-use-in-production";

/**
 * What kind of deployment this is. Development defaults (a published session secret, demo users with
 * known passwords, simulators) belong to the local trial only: the embedded database, or an explicit
 * APP_ENV=development. A real database without APP_ENV is refused rather than guessed.
 */
export function resolveAppEnv(vars) {
  const raw = vars.APP_ENV?.trim() || undefined;
  if (raw !== undefined) return raw;
  if (vars.DATABASE_URL) {
    throw new Error(
      "Refusing to start: DATABASE_URL is set but APP_ENV is not. Set APP_ENV=production for a real deployment " +
        "(it then requires NEXTAUTH_SECRET and a separate ENCRYPTION_KEY, each 32+ characters), or APP_ENV=development " +
        "for a local trial with demo accounts and simulators on this database.",
    );
  }
  return "development";
}

const appEnv = resolveAppEnv(process.env);
const production = appEnv === "production";
const secret = z.string().min(32).refine((v) => v !== DEV_SECRET, "must not be the published development value");

/** `1`/`true` or `0`/`false` only: anything else is a mistake, not a way to switch signature checks off. */
const flag = z.enum(["1", "true", "0", "false"]).transform((v) => v === "1" || v === "true");

export const env = createEnv({
  server: {
    APP_ENV: z.enum(["development", "test", "production"]),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default(".data"),
    NEXTAUTH_SECRET: production ? secret : z.string().min(1).default(DEV_SECRET),
    NEXTAUTH_URL: z.string().url().optional(),
    // Key for secrets at rest (webhook signing secrets, provider credentials). Production requires its
    // own, so rotating the session secret never makes stored secrets unreadable; elsewhere it is derived
    // from NEXTAUTH_SECRET when unset (so existing development data stays readable).
    ENCRYPTION_KEY: production
      ? secret.refine((v) => v !== process.env.NEXTAUTH_SECRET, "must differ from NEXTAUTH_SECRET")
      : z.string().min(32).optional(),
    // How many reverse proxies in front of the server append to X-Forwarded-For (0: clients connect directly).
    TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
    // Bearer token that authorizes simulator control requests (API.md §7); admins use their session.
    SIM_CONTROL_TOKEN: z.string().min(16).optional(),
    PORT: z.coerce.number().int().positive().default(3000),
    PUBLIC_URL: z.string().url().optional(),
    SIMULATOR: z.enum(["on", "off"]).optional(),
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_BASE_URL: z.string().url().optional(),
    INNGEST_DEV: production
      ? flag.optional().refine((v) => !v, "Inngest dev mode (no signature checks) is refused with APP_ENV=production")
      : flag.optional(),
    EMBEDDED_DRIVER: z.enum(["on", "off"]).default("on"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
    SIGNIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    // Failed sign-ins per client address per window, across emails (default 5 × SIGNIN_MAX_ATTEMPTS);
    // successful ones do not count, so every user behind one office NAT can sign in all day.
    SIGNIN_IP_MAX_ATTEMPTS: z.coerce.number().int().positive().optional(),
    // Past SIGNIN_MAX_ATTEMPTS failures on an email (from any address), each sign-in waits up to this.
    SIGNIN_MAX_DELAY_MS: z.coerce.number().int().min(0).default(5000),
    // Password verifications (argon2, 64 MiB each) running at once, and waiting beyond those.
    SIGNIN_MAX_CONCURRENT_HASHES: z.coerce.number().int().positive().default(4),
    SIGNIN_MAX_QUEUED_HASHES: z.coerce.number().int().min(0).default(64),
    // Where the app reaches its own simulator routes (defaults to this server on PORT).
    SIM_BASE_URL: z.string().url().optional(),
    // The standalone simulator (`npm run sim`): where it listens and where it journals its orders.
    SIM_PORT: z.coerce.number().int().min(0).default(4100),
    SIM_HOST: z.string().default("127.0.0.1"),
    SIM_DATA_DIR: z.string().default(".data/sim"),
    // After a submit with an unknown outcome, how long a provider may still perform an order it says it
    // has no record of (its idempotency window); per provider on the admin page, this is the default.
    PROVIDER_NOT_FOUND_WINDOW_SECONDS: z.coerce.number().int().min(0).default(900),
    BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().positive().default(5),
    BREAKER_COOLDOWN_SECONDS: z.coerce.number().int().positive().default(30),
    // First status-check delay; later checks back off from it, until the deadline.
    STATUS_CHECK_BASE_MS: z.coerce.number().int().positive().default(2000),
    STATUS_CHECK_DEADLINE_MINUTES: z.coerce.number().int().positive().default(360),
    // A succeeded recharge is checked once more after this delay, to catch provider reversals.
    REVERSAL_CHECK_DELAY_SECONDS: z.coerce.number().int().positive().default(120),
    // How long the seed-compatible endpoint waits for a final outcome.
    SEED_API_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
    // Build output folder (lets two builds coexist on one machine; default .next).
    NEXT_DIST_DIR: z.string().default(".next"),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
    // Active API keys an account may hold (the rate limit is per key).
    API_KEYS_PER_ACCOUNT: z.coerce.number().int().positive().default(20),
    // Webhook retry delays in seconds ("1,2,5"); unset: the ~3-day Standard Webhooks schedule.
    WEBHOOK_RETRY_SECONDS: z.string().regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/).optional(),
    // Bounds on every database wait, so a request never hangs on a sick database (it gets a 503).
    DB_POOL_MAX: z.coerce.number().int().positive().default(20),
    DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(3),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    DB_LOCK_TIMEOUT_MS: z.coerce.number().int().positive().default(8_000),
    // USDT (TRC20) deposits: the platform's account-level extended public key (m/44'/195'/0'); addresses
    // are its children 0/i. Outside production a published test key is used when unset; production
    // refuses deposits without it. The server never holds a private key.
    DEPOSIT_XPUB: z.string().regex(/^xpub[1-9A-HJ-NP-Za-km-z]{100,112}$/, "an xpub… extended public key").optional(),
    DEPOSIT_CONFIRMATIONS: z.coerce.number().int().min(1).max(1000).default(19),
    DEPOSIT_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
    // HMAC key of the chain watcher's transfer notifications (required in production).
    CHAIN_NOTIFY_SECRET: z.string().min(16).optional(),
    // Where the chain simulator posts them (default: this server's /api/chain/notifications).
    CHAIN_NOTIFY_URL: z.string().url().optional(),
    // Requests per minute per client address on the seed-compatible endpoint (before credentials are checked).
    API_IP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    // How many seed-compatible requests may hold their connection waiting for an outcome at once.
    SEED_API_MAX_WAITING: z.coerce.number().int().min(0).default(100),
  },
  client: {},
  runtimeEnv: {
    APP_ENV: appEnv,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    DATA_DIR: process.env.DATA_DIR,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
    TRUSTED_PROXIES: process.env.TRUSTED_PROXIES,
    SIM_CONTROL_TOKEN: process.env.SIM_CONTROL_TOKEN,
    PORT: process.env.PORT,
    PUBLIC_URL: process.env.PUBLIC_URL,
    SIMULATOR: process.env.SIMULATOR,
    INNGEST_EVENT_KEY: process.env.INNGEST_EVENT_KEY,
    INNGEST_SIGNING_KEY: process.env.INNGEST_SIGNING_KEY,
    INNGEST_BASE_URL: process.env.INNGEST_BASE_URL,
    INNGEST_DEV: process.env.INNGEST_DEV,
    EMBEDDED_DRIVER: process.env.EMBEDDED_DRIVER,
    LOG_LEVEL: process.env.LOG_LEVEL,
    SIGNIN_MAX_ATTEMPTS: process.env.SIGNIN_MAX_ATTEMPTS,
    SIGNIN_WINDOW_SECONDS: process.env.SIGNIN_WINDOW_SECONDS,
    SIGNIN_IP_MAX_ATTEMPTS: process.env.SIGNIN_IP_MAX_ATTEMPTS,
    SIGNIN_MAX_DELAY_MS: process.env.SIGNIN_MAX_DELAY_MS,
    SIGNIN_MAX_CONCURRENT_HASHES: process.env.SIGNIN_MAX_CONCURRENT_HASHES,
    SIGNIN_MAX_QUEUED_HASHES: process.env.SIGNIN_MAX_QUEUED_HASHES,
    SIM_BASE_URL: process.env.SIM_BASE_URL,
    SIM_PORT: process.env.SIM_PORT,
    SIM_HOST: process.env.SIM_HOST,
    SIM_DATA_DIR: process.env.SIM_DATA_DIR,
    PROVIDER_NOT_FOUND_WINDOW_SECONDS: process.env.PROVIDER_NOT_FOUND_WINDOW_SECONDS,
    BREAKER_FAILURE_THRESHOLD: process.env.BREAKER_FAILURE_THRESHOLD,
    BREAKER_COOLDOWN_SECONDS: process.env.BREAKER_COOLDOWN_SECONDS,
    STATUS_CHECK_BASE_MS: process.env.STATUS_CHECK_BASE_MS,
    STATUS_CHECK_DEADLINE_MINUTES: process.env.STATUS_CHECK_DEADLINE_MINUTES,
    REVERSAL_CHECK_DELAY_SECONDS: process.env.REVERSAL_CHECK_DELAY_SECONDS,
    SEED_API_WAIT_MS: process.env.SEED_API_WAIT_MS,
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR,
    API_RATE_LIMIT_PER_MINUTE: process.env.API_RATE_LIMIT_PER_MINUTE,
    API_KEYS_PER_ACCOUNT: process.env.API_KEYS_PER_ACCOUNT,
    WEBHOOK_RETRY_SECONDS: process.env.WEBHOOK_RETRY_SECONDS || undefined,
    DB_POOL_MAX: process.env.DB_POOL_MAX,
    DB_CONNECT_TIMEOUT_SECONDS: process.env.DB_CONNECT_TIMEOUT_SECONDS,
    DB_STATEMENT_TIMEOUT_MS: process.env.DB_STATEMENT_TIMEOUT_MS,
    DB_LOCK_TIMEOUT_MS: process.env.DB_LOCK_TIMEOUT_MS,
    DEPOSIT_XPUB: process.env.DEPOSIT_XPUB,
    DEPOSIT_CONFIRMATIONS: process.env.DEPOSIT_CONFIRMATIONS,
    DEPOSIT_EXPIRY_MINUTES: process.env.DEPOSIT_EXPIRY_MINUTES,
    CHAIN_NOTIFY_SECRET: process.env.CHAIN_NOTIFY_SECRET,
    CHAIN_NOTIFY_URL: process.env.CHAIN_NOTIFY_URL,
    API_IP_RATE_LIMIT_PER_MINUTE: process.env.API_IP_RATE_LIMIT_PER_MINUTE,
    SEED_API_MAX_WAITING: process.env.SEED_API_MAX_WAITING,
  },
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

/** Simulators are wired as providers outside production, or when SIMULATOR=on. */
export const simulatorsEnabled = () => env.SIMULATOR === "on" || (env.APP_ENV !== "production" && env.SIMULATOR !== "off");
export const inngestConfigured = () => Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_DEV || env.INNGEST_BASE_URL);
