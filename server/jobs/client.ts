import { Inngest } from "inngest";
import { env } from "@/server/env.mjs";

/** The Inngest client. Used only when Inngest is configured (see inngestConfigured in server/env.mjs). */
export const inngest = new Inngest({
  id: "refill",
  eventKey: env.INNGEST_EVENT_KEY,
  baseUrl: env.INNGEST_BASE_URL,
  // Explicit, so the SDK never reads INNGEST_DEV itself (env.mjs parses it strictly and refuses it in production).
  isDev: env.INNGEST_DEV === true,
});

export const EVENTS = {
  rechargeCreated: "refill/recharge.created",
  rechargeDue: "refill/recharge.due",
  webhookCreated: "refill/webhook.created",
} as const;
