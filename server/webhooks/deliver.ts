// Sends outbox rows (API.md §4). Claim in one short transaction (row lock + lease), POST with no
// transaction open, record the attempt in a second one. Several workers can share the outbox; a row
// is never sent by two of them at once; a crash mid-send leaves the lease to expire and the row is
// sent again later (at-least-once; receivers dedupe on webhook-id).
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type WebhookAttempt, type WebhookDelivery, accounts, apiKeys, auditLog, webhookAttempts, webhookDeliveries } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { decryptSecret } from "@/server/lib/crypto";
import { Conflict, NotFound } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { logger } from "@/server/lib/logger";
import { seedSign } from "@/server/deposits/sign";
import { webhookBody } from "./enqueue";
import { nextAttempt, retryDelaysFrom } from "./schedule";
import { signWebhook } from "./sign";
import { fetch as undiciFetch } from "undici";
import { assertDeliverableUrl, pinnedDispatcher } from "./ssrf";

/** How long a claimed row is reserved for its sender; well above the send timeout. */
export const LEASE_MS = 60_000;
export const SEND_TIMEOUT_MS = 15_000;
export const EXCERPT_CHARS = 500;
const EXCERPT_MAX_BYTES = 4096;
const PARALLEL_SENDS = 8;

export type DeliverOptions = {
  /** The clock for due times and the schedule (tests drive it forward); signatures use real time. */
  now?: Date;
  fetchImpl?: typeof fetch;
};

type Trigger = WebhookAttempt["trigger"];

let pinned: typeof fetch | undefined;
/** fetch whose connections reach only addresses that pass the SSRF rule (checked at connect time). */
function pinnedFetch(): typeof fetch {
  const dispatcher = pinnedDispatcher({ production: env.APP_ENV === "production" });
  pinned ??= ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
  return pinned;
}

/** A row reserved for one sender: `lease` is the next_attempt_at it wrote, its proof of ownership. */
export type Claim = {
  delivery: WebhookDelivery;
  lease: Date;
  secretEnc: string | null;
};

type Outcome = {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string | null;
  error: string | null;
  retryAfter: string | null;
};

const log = logger.child({ module: "webhooks" });

/** A clock that starts at `now` and advances with real time, so a driven test clock stays consistent. */
function clockFrom(now?: Date) {
  const base = (now ?? new Date()).getTime();
  const started = Date.now();
  return () => new Date(base + (Date.now() - started));
}

/** Query strings often carry the receiver's token: logs get origin and path only. */
export function urlForLogs(url: string) {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "[invalid url]";
  }
}

const delivering = (claim: Claim) => ({ delivery_id: claim.delivery.id, account_id: claim.delivery.accountId, url: urlForLogs(claim.delivery.url) });

/**
 * Sends every due pending row, up to `limit`, and records each attempt. Safe to run from several
 * processes at once (FOR UPDATE SKIP LOCKED, then a lease). Rows for an endpoint the account has
 * disabled (410 Gone) are marked `disabled` without being sent.
 */
export async function deliverDueWebhooks(db: Db, opts: DeliverOptions & { limit?: number } = {}) {
  const clock = clockFrom(opts.now);
  const limit = Math.max(1, Math.min(opts.limit ?? 50, 500));
  const { claims, skipped } = await claimDue(db, { now: clock(), limit });
  const attempts: WebhookAttempt[] = [];
  let errors = 0;
  const queue = [...claims];
  const worker = async () => {
    for (let claim = queue.shift(); claim; claim = queue.shift()) {
      try {
        attempts.push(await attemptClaimed(db, claim, { trigger: "schedule", clock, fetchImpl: opts.fetchImpl }));
      } catch (error) {
        // The lease expires and the row is picked up again: nothing is lost.
        errors += 1;
        log.error({ ...delivering(claim), err: error }, "webhook attempt could not be recorded");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, claims.length) }, worker));
  return {
    claimed: claims.length,
    delivered: attempts.filter((a) => a.error === null && a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300).length,
    skipped,
    errors,
    attempts,
  };
}

/** Leases start at the claim, never behind the database's clock (the caller's `now` may be stale). */
function leaseFrom(now: Date, dbNow: Date | undefined) {
  return new Date(Math.max(now.getTime(), dbNow?.getTime() ?? 0) + LEASE_MS);
}

const dbClock = sql<Date>`clock_timestamp()`.mapWith(webhookDeliveries.createdAt);

async function claimDue(db: Db, args: { now: Date; limit: number }): Promise<{ claims: Claim[]; skipped: number }> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ delivery: webhookDeliveries, secretEnc: accounts.webhookSecretEnc, accountUrl: accounts.webhookUrl, disabledAt: accounts.webhookDisabledAt, dbNow: dbClock })
      .from(webhookDeliveries)
      .innerJoin(accounts, eq(accounts.id, webhookDeliveries.accountId))
      .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, args.now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(args.limit)
      // Only the outbox rows: account rows are what money transactions lock.
      .for("update", { of: webhookDeliveries, skipLocked: true });
    const lease = leaseFrom(args.now, due.reduce<Date | undefined>((max, r) => (!max || r.dbNow > max ? r.dbNow : max), undefined));
    const offEndpoint = due.filter((r) => r.disabledAt && r.delivery.url === r.accountUrl);
    const toSend = due.filter((r) => !offEndpoint.includes(r));
    if (offEndpoint.length) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "disabled", nextAttemptAt: null, lastError: "The endpoint is disabled (it answered 410 Gone)." })
        .where(inArray(webhookDeliveries.id, offEndpoint.map((r) => r.delivery.id)));
    }
    if (toSend.length) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: lease })
        .where(inArray(webhookDeliveries.id, toSend.map((r) => r.delivery.id)));
    }
    return { claims: toSend.map((r) => ({ delivery: r.delivery, lease, secretEnc: r.secretEnc })), skipped: offEndpoint.length };
  });
}

/**
 * Delivers one row now. `schedule`: only if it is pending and due (else null). `manual` (the
 * dashboard's redeliver): any state, same webhook-id; a failed or disabled row becomes pending again
 * on a fresh schedule. Refused with `conflict` while an attempt may be in flight.
 */
export async function deliverWebhook(db: Db, deliveryId: string, opts: DeliverOptions & { trigger: Trigger }): Promise<WebhookAttempt | null> {
  const clock = clockFrom(opts.now);
  const claim = await claimOne(db, deliveryId, { now: clock(), trigger: opts.trigger });
  if (!claim) return null;
  return attemptClaimed(db, claim, { trigger: opts.trigger, clock, fetchImpl: opts.fetchImpl });
}

async function claimOne(db: Db, deliveryId: string, args: { now: Date; trigger: Trigger }): Promise<Claim | null> {
  const { now, trigger } = args;
  return db.transaction(async (tx) => {
    const query = tx
      .select({ delivery: webhookDeliveries, secretEnc: accounts.webhookSecretEnc, dbNow: dbClock })
      .from(webhookDeliveries)
      .innerJoin(accounts, eq(accounts.id, webhookDeliveries.accountId))
      .where(eq(webhookDeliveries.id, deliveryId));
    const [row] = trigger === "schedule" ? await query.for("update", { of: webhookDeliveries, skipLocked: true }) : await query.for("update", { of: webhookDeliveries });
    if (!row) {
      if (trigger === "schedule") return null;
      throw NotFound("Webhook delivery");
    }
    const { delivery } = row;
    const lease = leaseFrom(now, row.dbNow);
    const next = delivery.nextAttemptAt?.getTime();
    if (trigger === "schedule") {
      if (delivery.status !== "pending" || next === undefined || next > now.getTime()) return null;
    } else if (next !== undefined && next > now.getTime() && next <= lease.getTime()) {
      // Either another sender holds the lease or the next automatic attempt is moments away.
      throw Conflict("An attempt for this webhook is in progress or due within a minute; try again shortly.", { delivery_id: delivery.id });
    }
    const reenable = delivery.status === "failed" || delivery.status === "disabled";
    const [claimed] = await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: lease, ...(reenable ? { status: "pending" as const, attempts: 0 } : {}) })
      .where(eq(webhookDeliveries.id, delivery.id))
      .returning();
    return { delivery: claimed, lease, secretEnc: row.secretEnc };
  });
}

/** Sends a claimed row and records the attempt. Also used by the test ping, written pre-claimed. */
export async function attemptClaimed(
  db: Db,
  claim: Claim,
  opts: { trigger: Trigger; clock?: () => Date; fetchImpl?: typeof fetch },
): Promise<WebhookAttempt> {
  const clock = opts.clock ?? clockFrom();
  const signingSecretEnc = claim.delivery.format === "seed_form" ? await seedSigningSecret(db, claim.delivery.signingKeyId) : null;
  const outcome = await send(claim, opts.fetchImpl ?? pinnedFetch(), signingSecretEnc);
  const attempt = await recordAttempt(db, claim, outcome, { trigger: opts.trigger, now: clock() });
  const fields = { ...delivering(claim), attempt: attempt.attempt, trigger: opts.trigger, status_code: outcome.statusCode, latency_ms: outcome.latencyMs };
  if (outcome.ok) log.info(fields, "webhook delivered");
  else log.warn({ ...fields, error: outcome.error }, "webhook attempt failed");
  return attempt;
}

/** The encrypted API secret a seed callback is signed with (null when the key has none). */
async function seedSigningSecret(db: Db, keyId: string | null): Promise<string | null> {
  if (!keyId) return null;
  const [key] = await db.select({ secretEnc: apiKeys.secretEnc }).from(apiKeys).where(eq(apiKeys.id, keyId));
  return key?.secretEnc ?? null;
}

/**
 * What one attempt POSTs. Standard Webhooks: the fixed JSON body, signed afresh. The seed deposit
 * callback (API.md §6): the form fields plus `t` (now) and their MD5 `sign`.
 */
function request(delivery: WebhookDelivery, secret: string): { body: string; headers: Record<string, string> } {
  if (delivery.format === "seed_form") {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries((delivery.payload as { data?: Record<string, unknown> }).data ?? {})) fields[k] = String(v ?? "");
    fields.t = String(Math.floor(Date.now() / 1000));
    fields.sign = seedSign(fields, secret);
    return { body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Refill-Callback/1" } };
  }
  const body = webhookBody(delivery.payload);
  return { body, headers: { "content-type": "application/json", "user-agent": "Refill-Webhooks/1", ...signWebhook({ id: delivery.id, timestamp: new Date(), body, secret }) } };
}

async function send(claim: Claim, fetchImpl: typeof fetch, signingSecretEnc: string | null): Promise<Outcome> {
  const failed = (error: string, latencyMs = 0): Outcome => ({ ok: false, statusCode: null, latencyMs, excerpt: null, error, retryAfter: null });
  const { delivery } = claim;
  const seedForm = delivery.format === "seed_form";
  let secret: string;
  try {
    const stored = seedForm ? signingSecretEnc : claim.secretEnc;
    if (!stored) return failed(seedForm ? "The API key this order was made with has no readable secret to sign the callback." : "The account has no webhook signing secret.");
    secret = decryptSecret(stored);
  } catch {
    return failed("The webhook signing secret could not be read.");
  }
  try {
    // Again at every attempt: DNS answers change.
    await assertDeliverableUrl(delivery.url, { production: env.APP_ENV === "production" });
  } catch (error) {
    return failed(error instanceof Error ? error.message : "The webhook URL is not allowed.");
  }
  const { body, headers } = request(delivery, secret);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let response: Response;
  try {
    response = await fetchImpl(delivery.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    return failed(describeFetchError(error, delivery.id), elapsed());
  }
  const latencyMs = elapsed();
  const excerpt = await readExcerpt(response);
  const status = response.status;
  // The seed's receivers acknowledge with the body `success`; anything else is retried.
  const ok = status >= 200 && status < 300 && (!seedForm || excerpt?.trim().toLowerCase() === "success");
  let error: string | null = null;
  if (status >= 200 && status < 300 && !ok) error = `HTTP ${status} without the body "success"`;
  else if (status >= 300 && status < 400) error = `Redirect to ${response.headers.get("location") ?? "(no location)"} not followed.`;
  else if (!ok) error = `HTTP ${status}`;
  return { ok, statusCode: status, latencyMs, excerpt, error, retryAfter: response.headers.get("retry-after") };
}

/**
 * What the merchant sees of a request that got no HTTP answer: one sentence whatever the cause, so
 * the test button cannot tell a closed port from a filtered one or a refused address (a port scanner).
 * The cause itself goes to our logs only.
 */
function describeFetchError(error: unknown, deliveryId: string): string {
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  logger.warn({ delivery_id: deliveryId, cause: timedOut ? "timeout" : (cause?.code ?? cause?.message ?? String(error)).slice(0, 200) }, "webhook request failed");
  return `No HTTP answer from the webhook URL within ${SEND_TIMEOUT_MS / 1000} s (connection failed or timed out).`;
}

/** The first ~500 characters of the answer, without reading an endless body. */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    while (bytes < EXCERPT_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short (or the timeout) still leaves what was read.
  } finally {
    reader.cancel().catch(() => {});
  }
  // Postgres text cannot hold NUL.
  const excerpt = text.replaceAll("\u0000", "").slice(0, EXCERPT_CHARS);
  return excerpt === "" ? null : excerpt;
}

async function recordAttempt(db: Db, claim: Claim, outcome: Outcome, args: { trigger: Trigger; now: Date }): Promise<WebhookAttempt> {
  const { now, trigger } = args;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, claim.delivery.id)).for("update");
    if (!row) throw NotFound("Webhook delivery");
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${webhookAttempts.attempt}), 0)::int` })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, row.id));
    const [attempt] = await tx
      .insert(webhookAttempts)
      .values({
        id: createId("whd"),
        deliveryId: row.id,
        accountId: row.accountId,
        attempt: last + 1,
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        responseExcerpt: outcome.excerpt,
        error: outcome.error,
        trigger,
      })
      .returning();

    const last_ = { lastStatusCode: outcome.statusCode, lastError: outcome.error };
    const where = eq(webhookDeliveries.id, row.id);
    if (outcome.ok) {
      // Whoever holds the lease now, a 2xx settles it.
      await tx
        .update(webhookDeliveries)
        .set({ ...last_, status: "delivered", deliveredAt: row.deliveredAt ?? now, nextAttemptAt: null, attempts: row.attempts + 1 })
        .where(where);
      return attempt;
    }
    // The lease ran out and another sender took the row over: its result will decide the state.
    if (row.nextAttemptAt?.getTime() !== claim.lease.getTime()) return attempt;
    if (row.status === "delivered") {
      await tx.update(webhookDeliveries).set({ ...last_, nextAttemptAt: null, attempts: row.attempts + 1 }).where(where);
      return attempt;
    }
    if (outcome.statusCode === 410) {
      await tx.update(webhookDeliveries).set({ ...last_, status: "disabled", nextAttemptAt: null, attempts: row.attempts + 1 }).where(where);
      await disableEndpoint(tx, row, now);
      return attempt;
    }
    const next = nextAttempt({ failedAttempts: row.attempts + 1, now, retryAfter: outcome.retryAfter, delays: retryDelaysFrom(env.WEBHOOK_RETRY_SECONDS) });
    await tx
      .update(webhookDeliveries)
      .set({
        ...last_,
        attempts: row.attempts + 1,
        status: next.status === "retry" ? "pending" : "failed",
        nextAttemptAt: next.status === "retry" ? next.at : null,
      })
      .where(where);
    return attempt;
  });
}

/** 410 Gone from the account's own endpoint turns it off (a notify_url answering 410 does not). */
async function disableEndpoint(tx: Tx, row: WebhookDelivery, now: Date) {
  const disabled = await tx
    .update(accounts)
    .set({ webhookDisabledAt: now })
    .where(and(eq(accounts.id, row.accountId), eq(accounts.webhookUrl, row.url), isNull(accounts.webhookDisabledAt)))
    .returning({ id: accounts.id });
  if (!disabled.length) return;
  await tx.insert(auditLog).values({
    id: createId("aud"),
    actorType: "system",
    actorId: "webhooks",
    accountId: row.accountId,
    action: "webhook.endpoint_disabled",
    targetType: "webhook_delivery",
    targetId: row.id,
    details: { reason: "410 Gone", url: urlForLogs(row.url) },
  });
  log.warn({ account_id: row.accountId, delivery_id: row.id, url: urlForLogs(row.url) }, "webhook endpoint disabled after 410 Gone");
}
