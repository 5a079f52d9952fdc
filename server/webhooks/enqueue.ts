import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accounts, webhookDeliveries } from "@/db/schema";
import { createId } from "@/server/lib/ids";

export const WEBHOOK_EVENT_TYPES = [
  "recharge.succeeded",
  "recharge.failed",
  "recharge.refunded",
  "recharge.reversed",
  "deposit.credited",
  "deposit.expired",
  "test.ping",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type EnqueueWebhookInput = {
  accountId: string;
  type: WebhookEventType;
  /** The recharge or deposit the message is about. */
  subjectId: string | null;
  /** The API object, already in its public shape (money as strings: JSON has no bigint). */
  data: Record<string, unknown>;
  /** A recharge's own `notify_url`; wins over the account's endpoint, even a disabled one. */
  notifyUrl?: string | null;
  /** `seed_form`: the seed deposit callback (API.md §6), signed with the API key `signingKeyId`. */
  format?: "standard" | "seed_form";
  signingKeyId?: string | null;
};

/** The body every attempt sends, byte for byte: fixed when the event happens, not when it is sent. */
export type WebhookPayload = { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };

/** The exact bytes POSTed; the key order is fixed here so it does not depend on how jsonb stores them. */
export function webhookBody(payload: Record<string, unknown>): string {
  const { type, timestamp, data } = payload as WebhookPayload;
  return JSON.stringify({ type, timestamp, data });
}

/**
 * Writes one outbox row on the caller's transaction (API.md §4): it commits or rolls back with the
 * state change it announces. Reads the account and INSERTs, nothing else (no locks, no network).
 * Returns the `evt_…` id, or null when there is nowhere to send it.
 */
export async function enqueueWebhook(db: Executor, input: EnqueueWebhookInput): Promise<string | null> {
  return writeDelivery(db, input, { nextAttemptAt: new Date() });
}

/** enqueueWebhook with a chosen first due time (a test ping is written already leased to its sender). */
export async function writeDelivery(
  db: Executor,
  input: EnqueueWebhookInput,
  opts: { nextAttemptAt: Date; ignoreDisabled?: boolean },
): Promise<string | null> {
  let url = input.notifyUrl?.trim() || null;
  if (!url) {
    const [account] = await db
      .select({ webhookUrl: accounts.webhookUrl, webhookDisabledAt: accounts.webhookDisabledAt })
      .from(accounts)
      .where(eq(accounts.id, input.accountId));
    if (!account?.webhookUrl || (account.webhookDisabledAt && !opts.ignoreDisabled)) return null;
    url = account.webhookUrl;
  }
  const payload: WebhookPayload = { type: input.type, timestamp: new Date().toISOString(), data: input.data };
  // Fails here, inside the caller's transaction, rather than at send time (e.g. a bigint in data).
  JSON.stringify(payload);
  const id = createId("evt");
  await db.insert(webhookDeliveries).values({
    id,
    accountId: input.accountId,
    type: input.type,
    subjectId: input.subjectId,
    url,
    payload,
    format: input.format ?? "standard",
    signingKeyId: input.signingKeyId ?? null,
    status: "pending",
    nextAttemptAt: opts.nextAttemptAt,
  });
  return id;
}

/**
 * enqueueWebhook as the body of a CTE in the caller's statement: the same row, with the account's
 * endpoint looked up in that statement (a recharge's own `notify_url` wins; a disabled or missing
 * endpoint writes nothing).
 */
export function outboxInsertSql(input: Omit<EnqueueWebhookInput, "format" | "signingKeyId">, nextAttemptAt: Date) {
  const notifyUrl = input.notifyUrl?.trim() || null;
  const payload: WebhookPayload = { type: input.type, timestamp: new Date().toISOString(), data: input.data };
  return sql`
    INSERT INTO webhook_deliveries (id, account_id, type, subject_id, url, payload, format, status, next_attempt_at)
    SELECT ${createId("evt")}, ${input.accountId}, ${input.type}, ${input.subjectId}::text, dest.url, ${JSON.stringify(payload)}::jsonb, 'standard', 'pending', ${nextAttemptAt.toISOString()}::timestamptz
    FROM (SELECT coalesce(${notifyUrl}::text, (SELECT nullif(webhook_url, '') FROM accounts WHERE id = ${input.accountId} AND webhook_disabled_at IS NULL)) AS url) AS dest
    WHERE dest.url IS NOT NULL`;
}
