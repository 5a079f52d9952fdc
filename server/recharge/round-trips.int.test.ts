// Issue 10: the accept path in at most 8 round trips to Postgres. Every statement the process sends
// (BEGIN and COMMIT included) is counted through the database client's hook while the real route
// handler serves one POST /api/v1/recharges, from the API key lookup to the answer. Processing the
// order (handed to the driver, not awaited by the request) is background work and is not part of the
// request: it is held back here and run afterwards.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const afterWork = vi.hoisted(() => [] as Array<() => unknown>);
vi.mock("@/server/jobs/notify", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/jobs/notify")>();
  return {
    ...real,
    rechargeCreated: async (id: string) => {
      afterWork.push(() => real.rechargeCreated(id));
    },
  };
});

import { observeStatements } from "@/db/client";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { POST } from "@/app/api/v1/recharges/route";

const BUDGET = 8;

let sim: SimServer;
let statements: string[] = [];
const created: string[] = [];
let stop: () => void;
beforeAll(async () => {
  stop = await observeStatements((statement) => statements.push(statement.replace(/\s+/g, " ").trim().slice(0, 120)));
  sim = await startEngine();
});
afterAll(async () => {
  stop();
  await sim.close();
});

type Acct = Awaited<ReturnType<typeof makeAccount>>;

/** One request through the route; the statements it sent, its status and body. */
async function send(acct: Acct, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const req = new Request("http://localhost/api/v1/recharges", {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${acct.api_key}:${acct.api_secret}`).toString("base64")}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  statements = [];
  const res = await POST(req);
  const sent = statements;
  if (res.status === 201) created.push(String(((await res.clone().json()) as { id: string }).id));
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, statements: sent };
}

async function drainAfterWork() {
  while (afterWork.length) await afterWork.shift()!();
}

describe("POST /api/v1/recharges round trips", () => {
  let acct: Acct;
  beforeAll(async () => {
    acct = await makeAccount({ credit: "1000.00" });
    // The first request of a process (or after a configuration change) loads the per-process caches
    // of operator, providers and commission slabs (and, to detect an operator, the country's
    // operators): not the steady state being measured. Cold, a create sends up to 4 statements more.
    const warm = await send(acct, { reference: "WARM", phone: "01712345670", operator: "GP", amount: "10.00", allow_duplicate: true });
    expect(warm.status).toBe(201);
    expect(warm.statements.length).toBeLessThanOrEqual(BUDGET);
    expect((await send(acct, { reference: "WARM-2", phone: "01712345669", amount: "10.00", allow_duplicate: true })).status).toBe(201);
    await drainAfterWork();
  });

  it("an order without the duplicate guard: key lookup, lookup, one write", async () => {
    const res = await send(acct, { reference: "RT-1", phone: "01712345671", operator: "GP", amount: "20.00", allow_duplicate: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 1000.00, less the two warm-ups' 10.00, plus their 1 % commission (they were processed and settled).
    expect(res.body).toMatchObject({ reference: "RT-1", status: "pending", amount: "20.00", balance_before: "980.20", balance_after: "960.20" });
    expect(res.statements.length, res.statements.join("\n")).toBeLessThanOrEqual(BUDGET);
    expect(res.statements, res.statements.join("\n")).toHaveLength(3);
    await drainAfterWork();
  });

  it("an order under the duplicate guard, with an Idempotency-Key, detected operator: at most 8", async () => {
    const body = { reference: "RT-2", phone: "01712345672", amount: "30.00" };
    const res = await send(acct, body, { "idempotency-key": "idem-rt-2" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ reference: "RT-2", operator: "GP", status: "pending", amount: "30.00" });
    expect(res.statements.length, res.statements.join("\n")).toBeLessThanOrEqual(BUDGET);
    // Key lookup, lookup, BEGIN, the guard's advisory lock, the write, COMMIT.
    expect(res.statements, res.statements.join("\n")).toHaveLength(6);
    expect(res.statements.filter((s) => /^(begin|commit)$/i.test(s))).toEqual(["begin", "commit"]);

    // The same top-up under another reference: refused by the guard, in as few statements.
    const dup = await send(acct, { ...body, reference: "RT-2b" });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: { code: "duplicate_recharge", details: { recharge_id: res.body.id } } });
    expect(dup.statements.length, dup.statements.join("\n")).toBeLessThanOrEqual(BUDGET);

    // Replays (by reference, by Idempotency-Key under another reference) answer the same order, and
    // read it in the lookup: two statements, nothing written.
    const again = await send(acct, body, { "idempotency-key": "idem-rt-2" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(again.statements).toHaveLength(2);
    const byKey = await send(acct, { ...body, reference: "RT-2" }, { "idempotency-key": "idem-rt-2" });
    expect(byKey.body.id).toBe(res.body.id);
    await drainAfterWork();
  });

  it("an order refused for its balance changes nothing and costs no more", async () => {
    const res = await send(acct, { reference: "RT-3", phone: "01712345673", operator: "GP", amount: "999.00", allow_duplicate: true });
    expect(res.body).toMatchObject({ error: { code: "insufficient_balance" } });
    expect(res.statements.length).toBeLessThanOrEqual(BUDGET);
    const retry = await send(acct, { reference: "RT-3", phone: "01712345673", operator: "GP", amount: "20.00", allow_duplicate: true });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    await drainAfterWork();
  });

  it("the orders settle and the books balance", async () => {
    expect(created).toHaveLength(5);
    for (const id of created) expect((await settleOrder(id)).status).toBe("succeeded");
    expect(await ledgerClean()).toEqual([]);
  });
});
