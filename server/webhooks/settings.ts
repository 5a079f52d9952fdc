// The account's webhook endpoint, secret and delivery log: the verbs behind the dashboard and API.
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type WebhookAttempt, type WebhookDelivery, accounts, auditLog, webhookAttempts, webhookDeliveries } from "@/db/schema";
import { can } from "@/server/auth/permissions";
import { type Ctx, actorRef, isPrivileged, scopedAccountId, withTransaction } from "@/server/context";
import { decryptSecret, encryptSecret } from "@/server/lib/crypto";
import { Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { olderThanCursor } from "@/server/lib/keyset";
import { LEASE_MS, attemptClaimed, deliverWebhook, urlForLogs } from "./deliver";
import { writeDelivery } from "./enqueue";
import { MAX_WEBHOOK_URL_LENGTH, validateWebhookUrl } from "./ssrf";

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", z.flattenError(parsed.error).fieldErrors);
  return parsed.data;
}

function requireManage(ctx: Ctx) {
  const { actor } = ctx;
  if ((actor.type === "user" || actor.type === "api_key") && !can(actor.role, "webhooks.manage")) throw Forbidden();
}

/** Another account's rows read as missing (not forbidden): their ids are not ours to confirm. */
function canSeeAccount(ctx: Ctx, accountId: string) {
  if (isPrivileged(ctx.actor)) return true;
  try {
    return scopedAccountId(ctx) === accountId;
  } catch {
    return false;
  }
}

/** Deliveries are sent after their own commit, never inside a caller's transaction. */
function rootDb(ctx: Ctx): Db {
  if (ctx.inTransaction) throw new Error("Webhook sends cannot run inside an open transaction.");
  return ctx.db as Db;
}

async function audit(ctx: Ctx, entry: { accountId: string; action: string; targetType: string; targetId: string; details?: Record<string, unknown> }) {
  await ctx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(ctx.actor), ...entry, details: entry.details ?? {}, requestId: ctx.requestId });
}

export function deliveryObject(d: WebhookDelivery) {
  return {
    id: d.id,
    type: d.type,
    subject_id: d.subjectId,
    // The merchant's own order id (the recharge object in the payload carries it), to read next to ours.
    reference: typeof (d.payload as { data?: { reference?: unknown } } | null)?.data?.reference === "string" ? ((d.payload as { data: { reference: string } }).data.reference) : null,
    url: d.url,
    status: d.status,
    attempt_count: d.attempts,
    next_attempt_at: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    delivered_at: d.deliveredAt?.toISOString() ?? null,
  };
}
export type WebhookDeliveryObject = ReturnType<typeof deliveryObject>;

export function attemptObject(a: WebhookAttempt) {
  return {
    id: a.id,
    delivery_id: a.deliveryId,
    attempt: a.attempt,
    trigger: a.trigger,
    status_code: a.statusCode,
    latency_ms: a.latencyMs,
    response_excerpt: a.responseExcerpt,
    error: a.error,
    delivered: a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300,
    created_at: a.createdAt.toISOString(),
  };
}
export type WebhookAttemptObject = ReturnType<typeof attemptObject>;

const AccountInput = z.object({ accountId: z.string().optional() });

export const SetWebhookUrlInput = AccountInput.extend({
  url: z.string().trim().max(MAX_WEBHOOK_URL_LENGTH).nullable(),
});
export type SetWebhookUrlInput = z.input<typeof SetWebhookUrlInput>;

/** Sets (or with null / "" removes) the default endpoint; setting one turns a disabled endpoint back on. */
export async function setWebhookUrl(args: { ctx: Ctx; input: SetWebhookUrlInput }) {
  requireManage(args.ctx);
  const input = parse(SetWebhookUrlInput, args.input);
  const accountId = scopedAccountId(args.ctx, input.accountId);
  const url = input.url ? await validateWebhookUrl(input.url) : null;
  return withTransaction(args.ctx, async (tx) => {
    const [updated] = await tx.db
      .update(accounts)
      .set({ webhookUrl: url, webhookDisabledAt: null })
      .where(eq(accounts.id, accountId))
      .returning({ webhookUrl: accounts.webhookUrl });
    if (!updated) throw NotFound("Account");
    await audit(tx, { accountId, action: "webhook.url_set", targetType: "account", targetId: accountId, details: { url: url && urlForLogs(url) } });
    return { webhook_url: updated.webhookUrl, webhook_disabled_at: null };
  });
}

export async function getWebhookSettings(args: { ctx: Ctx; input?: z.input<typeof AccountInput> }) {
  const input = parse(AccountInput, args.input ?? {});
  const accountId = scopedAccountId(args.ctx, input.accountId);
  const [account] = await args.ctx.db
    .select({ webhookUrl: accounts.webhookUrl, disabledAt: accounts.webhookDisabledAt, secretEnc: accounts.webhookSecretEnc })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) throw NotFound("Account");
  return { webhook_url: account.webhookUrl, webhook_disabled_at: account.disabledAt?.toISOString() ?? null, has_secret: Boolean(account.secretEnc) };
}

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/**
 * A new signing secret, returned this once (it can be revealed again). Messages still being
 * retried are signed with the new one from their next attempt.
 */
export async function rotateWebhookSecret(args: { ctx: Ctx; input?: z.input<typeof AccountInput> }) {
  requireManage(args.ctx);
  const input = parse(AccountInput, args.input ?? {});
  const accountId = scopedAccountId(args.ctx, input.accountId);
  const secret = newSecret();
  return withTransaction(args.ctx, async (tx) => {
    const [updated] = await tx.db.update(accounts).set({ webhookSecretEnc: encryptSecret(secret) }).where(eq(accounts.id, accountId)).returning({ id: accounts.id });
    if (!updated) throw NotFound("Account");
    await audit(tx, { accountId, action: "webhook.secret_rotate", targetType: "account", targetId: accountId });
    return { webhook_secret: secret };
  });
}

/** The current secret in clear, for pasting into the receiver; each reveal is audit-logged. */
export async function revealWebhookSecret(args: { ctx: Ctx; input?: z.input<typeof AccountInput> }) {
  requireManage(args.ctx);
  const input = parse(AccountInput, args.input ?? {});
  const accountId = scopedAccountId(args.ctx, input.accountId);
  return withTransaction(args.ctx, async (tx) => {
    const [account] = await tx.db.select({ secretEnc: accounts.webhookSecretEnc }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw NotFound("Account");
    if (!account.secretEnc) throw NotFound("Webhook secret");
    await audit(tx, { accountId, action: "webhook.secret_reveal", targetType: "account", targetId: accountId });
    return { webhook_secret: decryptSecret(account.secretEnc) };
  });
}

/**
 * Enqueues a `test.ping` to the account's endpoint (even a disabled one) and sends it now.
 * Answers the attempt: status, latency and the start of the receiver's response.
 */
export async function sendTestWebhook(args: { ctx: Ctx; input?: z.input<typeof AccountInput> }): Promise<WebhookAttemptObject> {
  requireManage(args.ctx);
  const input = parse(AccountInput, args.input ?? {});
  const accountId = scopedAccountId(args.ctx, input.accountId);
  const db = rootDb(args.ctx);
  // Written already leased to us, so no scheduler picks it up between the commit and the send.
  const lease = new Date(Date.now() + LEASE_MS);
  const claim = await withTransaction(args.ctx, async (tx) => {
    const [account] = await tx.db.select({ webhookUrl: accounts.webhookUrl, secretEnc: accounts.webhookSecretEnc }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw NotFound("Account");
    if (!account.webhookUrl) throw ValidationFailed("Set a webhook URL first.", { url: "not set" });
    const id = await writeDelivery(
      tx.db,
      { accountId, type: "test.ping", subjectId: null, data: { message: "This is a test webhook from Refill.", account_id: accountId }, notifyUrl: account.webhookUrl },
      { nextAttemptAt: lease },
    );
    if (!id) throw new Error("The test webhook was not written.");
    const [delivery] = await tx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    await audit(tx, { accountId, action: "webhook.test", targetType: "webhook_delivery", targetId: id });
    return { delivery, lease, secretEnc: account.secretEnc };
  });
  return attemptObject(await attemptClaimed(db, claim, { trigger: "manual" }));
}

async function ownDelivery(ctx: Ctx, deliveryId: string) {
  const [delivery] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  if (!delivery || !canSeeAccount(ctx, delivery.accountId)) throw NotFound("Webhook delivery");
  return delivery;
}

export const RedeliverWebhookInput = z.object({ deliveryId: z.string().min(1) });

/**
 * Sends an existing message again, now, with the same webhook-id and body. A failed or disabled
 * delivery goes back to pending with a fresh retry schedule.
 */
export async function redeliverWebhook(args: { ctx: Ctx; input: z.input<typeof RedeliverWebhookInput> }): Promise<WebhookAttemptObject> {
  requireManage(args.ctx);
  const input = parse(RedeliverWebhookInput, args.input);
  const db = rootDb(args.ctx);
  const delivery = await ownDelivery(args.ctx, input.deliveryId);
  const attempt = await deliverWebhook(db, delivery.id, { trigger: "manual" });
  if (!attempt) throw NotFound("Webhook delivery");
  await withTransaction(args.ctx, (tx) =>
    audit(tx, { accountId: delivery.accountId, action: "webhook.redeliver", targetType: "webhook_delivery", targetId: delivery.id, details: { previous_status: delivery.status, status_code: attempt.statusCode } }),
  );
  return attemptObject(attempt);
}

export const ListWebhookDeliveriesInput = AccountInput.extend({
  limit: z.number().int().min(1).max(100).default(20),
  /** The id of the last delivery of the previous page. */
  cursor: z.string().min(1).optional(),
  status: z.enum(["pending", "delivered", "failed", "disabled"]).optional(),
  type: z.string().optional(),
  subjectId: z.string().optional(),
});

/** Newest first, by (created_at, id); `next_cursor` is null on the last page. */
export async function listWebhookDeliveries(args: { ctx: Ctx; input?: z.input<typeof ListWebhookDeliveriesInput> }) {
  const input = parse(ListWebhookDeliveriesInput, args.input ?? {});
  const accountId = scopedAccountId(args.ctx, input.accountId);
  const d = webhookDeliveries;
  const conditions = [eq(d.accountId, accountId)];
  if (input.status) conditions.push(eq(d.status, input.status));
  if (input.type) conditions.push(eq(d.type, input.type));
  if (input.subjectId) conditions.push(eq(d.subjectId, input.subjectId));
  if (input.cursor) {
    conditions.push(await olderThanCursor(args.ctx.db, { table: d, time: d.createdAt, id: d.id, scope: eq(d.accountId, accountId) }, input.cursor));
  }
  const rows = await args.ctx.db
    .select()
    .from(d)
    .where(and(...conditions))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { data: page.map(deliveryObject), next_cursor: rows.length > input.limit ? page[page.length - 1].id : null };
}

/** One delivery with its body and every attempt, oldest first. */
export async function getWebhookDelivery(args: { ctx: Ctx; input: { deliveryId: string } }) {
  const delivery = await ownDelivery(args.ctx, args.input.deliveryId);
  const attempts = await args.ctx.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id)).orderBy(asc(webhookAttempts.attempt));
  return { ...deliveryObject(delivery), payload: delivery.payload, attempts: attempts.map(attemptObject) };
}
