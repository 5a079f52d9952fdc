// The chain simulator over real HTTP: it posts signed notifications to the app's intake (served here
// by a bare node server running the same handler as app/api/chain/notifications), advances blocks
// until the intake credits, and drops unconfirmed transfers on a "reorg".
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wallets } from "@/db/schema";
import { createDeposit } from "@/server/deposits/create";
import { setUsdtRate } from "@/server/deposits/rates";
import { getDeposit } from "@/server/deposits/view";
import { handleChainNotification } from "@/server/http/chain-intake";
import { checkLedger } from "@/server/ledger/check";
import { type SimServer, startSimServer } from "@/server/sim/node-server";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { SIM_CONTROL_HEADERS } from "@/test/engine";

let sim: SimServer;
let intakeUrl = "";
const intake = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await handleChainNotification(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
  res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
});

beforeAll(async () => {
  sim = await startSimServer();
  await new Promise<void>((r) => intake.listen(0, "127.0.0.1", r));
  intakeUrl = `http://127.0.0.1:${(intake.address() as AddressInfo).port}/api/chain/notifications`;
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((r) => intake.close(() => r()));
});

const call = async (path: string, body?: unknown) => {
  const res = await fetch(`${sim.origin}/api/sim/chain${path}`, { method: body === undefined ? "GET" : "POST", headers: SIM_CONTROL_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe("chain simulator → intake", () => {
  it("a transfer confirms as blocks advance and is credited once; a reorg drops an unconfirmed one", async () => {
    const ctx = await cliCtx();
    await setUsdtRate({ ctx, input: { currency: "BDT", rate: "100" } });
    const acct = await makeAccount();
    const balance = async () => (await ctx.db.select().from(wallets).where(and(eq(wallets.accountId, acct.account_id), eq(wallets.currency, "BDT"))))[0].available;
    const a = (await createDeposit({ ctx, input: { reference: "S-1", amount: "12.50" }, options: { channel: "cli", accountId: acct.account_id } })).deposit;
    const b = (await createDeposit({ ctx, input: { reference: "S-2", amount: "4.00" }, options: { channel: "cli", accountId: acct.account_id } })).deposit;
    expect((await call("/config", { notify_url: intakeUrl })).status).toBe(200);
    const before = await balance();

    const ta = await call("/transfers", { address: a.address, amount: "12.5" });
    expect(ta).toMatchObject({ status: 201, body: { confirmations: 1, last_result: { status: 200, state: "confirming", confirmations_required: 19 } } });
    const tb = await call("/transfers", { address: b.address, amount: "4" });
    expect((await getDeposit(ctx, b.id)).object.status).toBe("confirming");
    // Reorg: b is dropped before its confirmations; it is never credited.
    expect((await call(`/transfers/${tb.body.tx_hash}/drop`, {})).body.last_result).toMatchObject({ state: "dropped" });
    expect((await getDeposit(ctx, b.id)).object.status).toBe("awaiting_payment");

    await call("/blocks", { count: 10 });
    expect((await getDeposit(ctx, a.id)).object.status).toBe("confirming");
    expect(await balance()).toBe(before);
    await call("/blocks", { count: 10 });
    expect((await getDeposit(ctx, a.id)).object).toMatchObject({ status: "credited", received: "12.5000", credited_amount: "1250.00" });
    expect(await balance()).toBe(before + 125_000n);
    // Duplicates from the watcher change nothing; a credited transfer cannot be "reorged" away.
    const replay = await call(`/transfers/${ta.body.tx_hash}/notify`, { times: 10 });
    expect(replay.body.results.every((r: { state: string }) => r.state === "credited")).toBe(true);
    expect((await call(`/transfers/${ta.body.tx_hash}/drop`, {})).status).toBe(409);
    await call("/blocks", { count: 30 });
    expect(await balance()).toBe(before + 125_000n);
    expect((await getDeposit(ctx, b.id)).object.received).toBe("0.0000");
    // Bad input is refused with the fields named.
    expect((await call("/transfers", { address: "Tnope", amount: "-1" })).status).toBe(422);
    expect(await checkLedger(ctx.db)).toEqual([]);
  });

  it("the intake refuses an unsigned or tampered notification", async () => {
    const body = JSON.stringify({ tx_hash: "ab".repeat(32), log_index: 0, address: "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", amount: "1000000", block_number: 1, confirmations: 50 });
    const res = await fetch(intakeUrl, { method: "POST", headers: { "content-type": "application/json", "x-chain-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` }, body });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });
});
