import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts, auditLog, webhookAttempts, webhookDeliveries } from "@/db/schema";
import { createCtx, withTransaction } from "@/server/context";
import { AppError } from "@/server/lib/errors";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { LEASE_MS } from "./deliver";
import {
  deliverDueWebhooks,
  deliverWebhook,
  enqueueWebhook,
  getWebhookDelivery,
  listWebhookDeliveries,
  redeliverWebhook,
  revealWebhookSecret,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookUrl,
  signWebhook,
} from "./index";

type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
type Received = { headers: Record<string, string>; body: string };

/** A real HTTP receiver on 127.0.0.1 answering from a script (the last reply repeats). */
async function startReceiver(replies: Reply[]) {
  const received: Received[] = [];
  let arrived!: () => void;
  /** Resolves when the first request has arrived (before it is answered). */
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: flatHeaders(req.headers), body: Buffer.concat(chunks).toString("utf8") });
      arrived();
      const reply = replies[Math.min(received.length - 1, replies.length - 1)];
      setTimeout(() => {
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? "");
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  receivers.push(server);
  return { url: `http://127.0.0.1:${port}/hooks`, received, firstArrived };
}
const receivers: ReturnType<typeof createServer>[] = [];

function flatHeaders(h: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]));
}

async function merchantWith(url: string | null) {
  const acct = await makeAccount();
  const db = await getDb();
  await db.update(accounts).set({ webhookUrl: url }).where(eq(accounts.id, acct.account_id));
  const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });
  return { ...acct, ctx };
}

async function enqueue(accountId: string, extra: { notifyUrl?: string; subjectId?: string } = {}) {
  const ctx = await cliCtx();
  const subjectId = extra.subjectId ?? "rch_test";
  return withTransaction(ctx, (tx) =>
    enqueueWebhook(tx.db, { accountId, type: "recharge.succeeded", subjectId, data: { id: subjectId, amount: "20.00", currency: "BDT", status: "succeeded" }, notifyUrl: extra.notifyUrl }),
  );
}

const deliveryRow = async (id: string) => (await (await getDb()).select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0];
const attemptsOf = async (id: string) => (await getDb()).select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, id)).orderBy(webhookAttempts.attempt);

beforeEach(async () => {
  // deliverDueWebhooks serves the whole outbox: park what earlier tests left pending.
  const db = await getDb();
  await db.update(webhookDeliveries).set({ status: "failed", nextAttemptAt: null }).where(eq(webhookDeliveries.status, "pending"));
});

afterEach(async () => {
  for (const server of receivers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("webhooks on real Postgres with a real receiver", () => {
  it("signs per Standard Webhooks: verifies, a tampered body fails, a stale timestamp fails", async () => {
    const rx = await startReceiver([{ status: 200, body: "ok thanks" }]);
    const acct = await merchantWith(rx.url);
    const id = await enqueue(acct.account_id);
    expect(id).toMatch(/^evt_/);

    const run = await deliverDueWebhooks(await getDb());
    expect(run).toMatchObject({ claimed: 1, delivered: 1 });
    expect(rx.received).toHaveLength(1);
    const { headers, body } = rx.received[0];
    expect(headers["webhook-id"]).toBe(id);
    expect(headers["content-type"]).toBe("application/json");
    const wh = new Webhook(acct.webhook_secret);
    const verified = wh.verify(body, headers) as { type: string; timestamp: string; data: { id: string; amount: string } };
    expect(verified.type).toBe("recharge.succeeded");
    expect(verified.data).toMatchObject({ id: "rch_test", amount: "20.00" });
    expect(Object.keys(JSON.parse(body))).toEqual(["type", "timestamp", "data"]);
    expect(new Date(verified.timestamp).toISOString()).toBe(verified.timestamp);

    expect(() => wh.verify(body.replace("20.00", "99.00"), headers)).toThrow(WebhookVerificationError);
    const stale = signWebhook({ id: id as string, timestamp: new Date(Date.now() - 6 * 60 * 1000), body, secret: acct.webhook_secret });
    expect(() => wh.verify(body, stale)).toThrow(/too old/);
    expect(() => new Webhook(`whsec_${Buffer.from("another-secret-entirely").toString("base64")}`).verify(body, headers)).toThrow(WebhookVerificationError);

    const row = await deliveryRow(id as string);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);
    const [attempt] = await attemptsOf(id as string);
    expect(attempt).toMatchObject({ attempt: 1, statusCode: 200, responseExcerpt: "ok thanks", error: null, trigger: "schedule" });
    expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("fails three times then 200: one delivered attempt after three failed ones, same id and bytes", async () => {
    const rx = await startReceiver([{ status: 500, body: "boom" }, { status: 503 }, { status: 502 }, { status: 204 }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    const nominal = [5_000, 5 * 60_000, 30 * 60_000];

    let now = new Date();
    for (let i = 0; i < 4; i++) {
      const run = await deliverDueWebhooks(db, { now });
      expect(run.claimed).toBe(1);
      const row = await deliveryRow(id);
      if (i < 3) {
        expect(row.status).toBe("pending");
        const delay = (row.nextAttemptAt as Date).getTime() - now.getTime();
        expect(delay).toBeGreaterThanOrEqual(nominal[i] * 0.8);
        expect(delay).toBeLessThanOrEqual(nominal[i] * 1.2 + 2_000);
        // Not due a moment before its time.
        expect((await deliverDueWebhooks(db, { now: new Date((row.nextAttemptAt as Date).getTime() - 1_000) })).claimed).toBe(0);
        now = new Date((row.nextAttemptAt as Date).getTime() + 1);
      }
    }

    const row = await deliveryRow(id);
    expect(row).toMatchObject({ status: "delivered", attempts: 4, lastStatusCode: 204, lastError: null });
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 503], [3, 502], [4, 204]]);
    expect(attempts.filter((a) => a.statusCode === 204)).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ responseExcerpt: "boom", error: "HTTP 500" });

    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([id]));
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
    for (const r of rx.received) new Webhook(acct.webhook_secret).verify(r.body, r.headers);
    expect((await deliverDueWebhooks(db, { now: new Date(now.getTime() + 86_400_000) })).claimed).toBe(0);
  });

  it("gives up after the last retry of the schedule, and a manual redeliver re-enables it", async () => {
    const rx = await startReceiver([...Array.from({ length: 10 }, () => ({ status: 500 })), { status: 200 }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    let now = new Date();
    for (let i = 0; i < 10; i++) {
      expect((await deliverDueWebhooks(db, { now })).claimed).toBe(1);
      const row = await deliveryRow(id);
      if (row.nextAttemptAt) now = new Date(row.nextAttemptAt.getTime() + 1);
    }
    const failed = await deliveryRow(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 10, nextAttemptAt: null });
    // ≈ 3 days of retries, driven by the clock we passed.
    expect(now.getTime() - failed.createdAt.getTime()).toBeGreaterThan(2.4 * 86_400_000);

    const other = await merchantWith(null);
    await expect(redeliverWebhook({ ctx: other.ctx, input: { deliveryId: id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(getWebhookDelivery({ ctx: other.ctx, input: { deliveryId: id } })).rejects.toMatchObject({ code: "not_found" });

    const attempt = await redeliverWebhook({ ctx: acct.ctx, input: { deliveryId: id } });
    expect(attempt).toMatchObject({ attempt: 11, status_code: 200, trigger: "manual", delivered: true, delivery_id: id });
    expect(rx.received).toHaveLength(11);
    expect(rx.received[10].headers["webhook-id"]).toBe(id);
    expect(await deliveryRow(id)).toMatchObject({ status: "delivered", nextAttemptAt: null });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.accountId, acct.account_id), eq(auditLog.action, "webhook.redeliver")));
    expect(audit).toHaveLength(1);
  });

  it("a manual redeliver of a failed one that fails again goes back on a fresh schedule", async () => {
    const rx = await startReceiver([{ status: 500 }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    await db.update(webhookDeliveries).set({ status: "failed", attempts: 10, nextAttemptAt: null }).where(eq(webhookDeliveries.id, id));
    const before = Date.now();
    const attempt = await redeliverWebhook({ ctx: acct.ctx, input: { deliveryId: id } });
    expect(attempt).toMatchObject({ status_code: 500, delivered: false });
    const row = await deliveryRow(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect((row.nextAttemptAt as Date).getTime() - before).toBeLessThan(10_000);
    // While the next attempt is moments away, a second click is refused rather than racing it.
    await expect(redeliverWebhook({ ctx: acct.ctx, input: { deliveryId: id } })).rejects.toMatchObject({ code: "conflict" });
  });

  it("honours Retry-After when it is longer than the schedule", async () => {
    const rx = await startReceiver([{ status: 503, headers: { "retry-after": "3600" } }, { status: 429, headers: { "retry-after": "1" } }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    const now = new Date();
    await deliverDueWebhooks(db, { now });
    const first = await deliveryRow(id);
    const delay = (first.nextAttemptAt as Date).getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(3_600_000);
    expect(delay).toBeLessThan(3_600_000 + 5_000);
    expect((await deliverDueWebhooks(db, { now: new Date(now.getTime() + 30 * 60_000) })).claimed).toBe(0);

    // A shorter one does not shorten the schedule (5 min ± 20 % after the second failure).
    const later = new Date((first.nextAttemptAt as Date).getTime() + 1);
    await deliverDueWebhooks(db, { now: later });
    const second = await deliveryRow(id);
    expect((second.nextAttemptAt as Date).getTime() - later.getTime()).toBeGreaterThanOrEqual(4 * 60_000);
  });

  it("410 Gone disables the delivery and the account's endpoint until a URL is set again", async () => {
    const rx = await startReceiver([{ status: 410, body: "gone" }]);
    const acct = await merchantWith(rx.url);
    const first = (await enqueue(acct.account_id, { subjectId: "rch_1" })) as string;
    const second = (await enqueue(acct.account_id, { subjectId: "rch_2" })) as string;
    const db = await getDb();
    await deliverDueWebhooks(db, { limit: 1 });
    expect(await deliveryRow(first)).toMatchObject({ status: "disabled", lastStatusCode: 410, nextAttemptAt: null });
    const [account] = await db.select().from(accounts).where(eq(accounts.id, acct.account_id));
    expect(account.webhookDisabledAt).toBeInstanceOf(Date);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.accountId, acct.account_id), eq(auditLog.action, "webhook.endpoint_disabled")));
    expect(audit).toHaveLength(1);

    // The other pending message to that endpoint is not sent; new events are not queued for it.
    const run = await deliverDueWebhooks(db);
    expect(run).toMatchObject({ claimed: 0, skipped: 1 });
    expect(await deliveryRow(second)).toMatchObject({ status: "disabled" });
    expect(rx.received).toHaveLength(1);
    expect(await enqueue(acct.account_id)).toBeNull();

    // A recharge's own notify_url still gets its message, and its 410 does not touch the account.
    const rx2 = await startReceiver([{ status: 410 }]);
    const other = await merchantWith(rx.url.replace("/hooks", "/other"));
    const viaNotify = (await enqueue(other.account_id, { notifyUrl: rx2.url })) as string;
    await deliverDueWebhooks(db);
    expect(await deliveryRow(viaNotify)).toMatchObject({ status: "disabled" });
    const [untouched] = await db.select().from(accounts).where(eq(accounts.id, other.account_id));
    expect(untouched.webhookDisabledAt).toBeNull();

    const rx3 = await startReceiver([{ status: 200 }]);
    expect(await setWebhookUrl({ ctx: acct.ctx, input: { url: rx3.url } })).toEqual({ webhook_url: rx3.url, webhook_disabled_at: null });
    const third = await enqueue(acct.account_id);
    expect(third).toMatch(/^evt_/);
    expect((await deliverDueWebhooks(db)).delivered).toBe(1);
    expect(rx3.received[0].headers["webhook-id"]).toBe(third);
  });

  it("two concurrent workers send each due message once", async () => {
    const rx = await startReceiver([{ status: 200, delayMs: 150 }]);
    const acct = await merchantWith(rx.url);
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => enqueue(acct.account_id, { subjectId: `rch_${i}` })));
    const db = await getDb();
    const runs = await Promise.all([deliverDueWebhooks(db), deliverDueWebhooks(db), deliverDueWebhooks(db, { limit: 3 })]);
    expect(runs.reduce((n, r) => n + r.claimed, 0)).toBe(12);
    expect(rx.received).toHaveLength(12);
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set(ids));
    const rows = await db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, ids as string[]));
    expect(rows.every((r) => r.status === "delivered" && r.attempts === 1)).toBe(true);
  });

  it("a row being sent is leased: another worker, a scheduled deliverWebhook or a manual resend leave it alone", async () => {
    const rx = await startReceiver([{ status: 200, delayMs: 400 }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    const first = deliverDueWebhooks(db);
    await rx.firstArrived;
    expect((await deliverDueWebhooks(db)).claimed).toBe(0);
    expect(await deliverWebhook(db, id, { trigger: "schedule" })).toBeNull();
    await expect(deliverWebhook(db, id, { trigger: "manual" })).rejects.toMatchObject({ code: "conflict" });
    expect((await first).delivered).toBe(1);
    expect(rx.received).toHaveLength(1);
  });

  it("a crash after the claim only delays the message: the lease expires and it is sent again", async () => {
    const rx = await startReceiver([{ status: 200 }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    // A worker that claimed and died: the row carries a lease and nobody records anything.
    const claimedAt = new Date();
    await db.update(webhookDeliveries).set({ nextAttemptAt: new Date(claimedAt.getTime() + LEASE_MS) }).where(eq(webhookDeliveries.id, id));
    expect((await deliverDueWebhooks(db, { now: claimedAt })).claimed).toBe(0);
    const run = await deliverDueWebhooks(db, { now: new Date(claimedAt.getTime() + LEASE_MS + 1) });
    expect(run.delivered).toBe(1);
    expect(rx.received[0].headers["webhook-id"]).toBe(id);
  });

  it("an enqueue inside a rolled-back transaction sends nothing", async () => {
    const rx = await startReceiver([{ status: 200 }]);
    const acct = await merchantWith(rx.url);
    const ctx = await cliCtx();
    let id: string | null = null;
    await expect(
      withTransaction(ctx, async (tx) => {
        id = await enqueueWebhook(tx.db, { accountId: acct.account_id, type: "recharge.failed", subjectId: "rch_x", data: { id: "rch_x" } });
        throw new Error("the recharge failed to commit");
      }),
    ).rejects.toThrow(/failed to commit/);
    expect(id).toMatch(/^evt_/);
    expect(await deliveryRow(id as unknown as string)).toBeUndefined();
    expect((await deliverDueWebhooks(await getDb())).claimed).toBe(0);
    expect(rx.received).toHaveLength(0);
  });

  it("writes nothing without an endpoint, and rejects a body JSON cannot carry", async () => {
    const acct = await merchantWith(null);
    expect(await enqueue(acct.account_id)).toBeNull();
    const ctx = await cliCtx();
    await expect(
      withTransaction(ctx, (tx) => enqueueWebhook(tx.db, { accountId: acct.account_id, type: "recharge.succeeded", subjectId: null, data: { amount: 1n }, notifyUrl: "http://127.0.0.1:9/x" })),
    ).rejects.toThrow(/BigInt/);
  });

  it("a 3xx is a failed attempt and the redirect is not followed; network errors are logged too", async () => {
    const target = await startReceiver([{ status: 200 }]);
    const rx = await startReceiver([{ status: 302, headers: { location: target.url } }]);
    const acct = await merchantWith(rx.url);
    const id = (await enqueue(acct.account_id)) as string;
    const db = await getDb();
    await deliverDueWebhooks(db);
    expect(target.received).toHaveLength(0);
    const [a1] = await attemptsOf(id);
    expect(a1).toMatchObject({ statusCode: 302, error: `Redirect to ${target.url} not followed.` });
    expect(await deliveryRow(id)).toMatchObject({ status: "pending", attempts: 1 });

    const refused: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    };
    const row = await deliveryRow(id);
    await deliverDueWebhooks(db, { now: new Date((row.nextAttemptAt as Date).getTime() + 1), fetchImpl: refused });
    const attempts = await attemptsOf(id);
    expect(attempts[1]).toMatchObject({ attempt: 2, statusCode: null, error: "No HTTP answer from the webhook URL within 15 s (connection failed or timed out)." });
  });

  it("test ping, secret rotation and reveal, delivery list and detail, all scoped to the account", async () => {
    const rx = await startReceiver([{ status: 200, body: JSON.stringify({ received: true }) }]);
    const acct = await merchantWith(null);
    await expect(sendTestWebhook({ ctx: acct.ctx })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setWebhookUrl({ ctx: acct.ctx, input: { url: "ftp://example.com/x" } })).rejects.toBeInstanceOf(AppError);
    await setWebhookUrl({ ctx: acct.ctx, input: { url: rx.url } });

    const rotated = await rotateWebhookSecret({ ctx: acct.ctx });
    expect(rotated.webhook_secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(rotated.webhook_secret).not.toBe(acct.webhook_secret);
    expect(await revealWebhookSecret({ ctx: acct.ctx })).toEqual(rotated);

    const ping = await sendTestWebhook({ ctx: acct.ctx });
    expect(ping).toMatchObject({ attempt: 1, status_code: 200, delivered: true, trigger: "manual", response_excerpt: '{"received":true}' });
    const msg = new Webhook(rotated.webhook_secret).verify(rx.received[0].body, rx.received[0].headers) as { type: string };
    expect(msg.type).toBe("test.ping");
    expect(() => new Webhook(acct.webhook_secret).verify(rx.received[0].body, rx.received[0].headers)).toThrow(WebhookVerificationError);

    for (let i = 0; i < 4; i++) await enqueue(acct.account_id, { subjectId: `rch_${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listWebhookDeliveries({ ctx: acct.ctx, input: { limit: 2, cursor } });
      seen.push(...page.data.map((d) => d.id));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.at(-1)).toBe(ping.delivery_id);
    expect((await listWebhookDeliveries({ ctx: acct.ctx, input: { status: "delivered" } })).data.map((d) => d.id)).toEqual([ping.delivery_id]);

    const detail = await getWebhookDelivery({ ctx: acct.ctx, input: { deliveryId: ping.delivery_id } });
    expect(detail).toMatchObject({ id: ping.delivery_id, type: "test.ping", status: "delivered", attempt_count: 1 });
    expect(detail.attempts).toEqual([ping]);
    expect(detail.payload).toMatchObject({ type: "test.ping" });

    const stranger = await merchantWith(null);
    expect((await listWebhookDeliveries({ ctx: stranger.ctx })).data).toEqual([]);
    await expect(listWebhookDeliveries({ ctx: stranger.ctx, input: { cursor: ping.delivery_id } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(listWebhookDeliveries({ ctx: stranger.ctx, input: { accountId: acct.account_id } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getWebhookDelivery({ ctx: stranger.ctx, input: { deliveryId: ping.delivery_id } })).rejects.toMatchObject({ code: "not_found" });

    const db = await getDb();
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.accountId, acct.account_id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.url_set", "webhook.secret_rotate", "webhook.secret_reveal", "webhook.test"]));
  });
});
