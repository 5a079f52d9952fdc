import pino from "pino";
import { env } from "@/server/env.mjs";

/** Structured JSON logs. Anything that looks like a secret is redacted by key name. */
export const logger = pino({
  level: env.LOG_LEVEL,
  base: undefined,
  redact: {
    paths: ["*.api_secret", "*.password", "*.secret", "*.authorization", "*.Authorization", "*.token", "*.webhook_secret", "headers.authorization", "req.headers.authorization"],
    censor: "[masked]",
  },
});
