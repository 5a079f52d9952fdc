import { env } from "@/server/env.mjs";
import { AppError } from "@/server/lib/errors";
import { DEV_DEPOSIT_XPUB } from "./tron";

const DEV_CHAIN_SECRET = "refill-development-chain-watcher-secret";

/** The xpub deposit addresses come from; production refuses deposits until one is configured. */
export function depositXpub(): string {
  if (env.DEPOSIT_XPUB) return env.DEPOSIT_XPUB;
  if (env.APP_ENV === "production") throw new AppError("provider_unavailable", "USDT deposits are not configured on this platform (DEPOSIT_XPUB).");
  return DEV_DEPOSIT_XPUB;
}

/** Key of the chain watcher's notifications; production refuses notifications until one is set. */
export function chainNotifySecret(): string {
  if (env.CHAIN_NOTIFY_SECRET) return env.CHAIN_NOTIFY_SECRET;
  if (env.APP_ENV === "production") throw new AppError("provider_unavailable", "The chain watcher is not configured (CHAIN_NOTIFY_SECRET).");
  return DEV_CHAIN_SECRET;
}

export const requiredConfirmations = () => env.DEPOSIT_CONFIRMATIONS;
export const defaultExpiryMinutes = () => env.DEPOSIT_EXPIRY_MINUTES;

/** Where the chain simulator (standing in for a watcher) posts its notifications. */
export function chainNotifyUrl(): string {
  if (env.CHAIN_NOTIFY_URL) return env.CHAIN_NOTIFY_URL;
  const base = env.PUBLIC_URL ?? env.NEXTAUTH_URL ?? `http://127.0.0.1:${env.PORT}`;
  return new URL("/api/chain/notifications", base).toString();
}
