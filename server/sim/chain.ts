// The chain simulator (API.md §7): stands in for a TRON node plus the watcher that reports USDT
// transfers to our deposit addresses. It keeps a block height, includes each simulated transfer in
// the next block, and posts a signed notification to the app's chain intake on every change (seen,
// one more confirmation, dropped by a reorg) until the intake says it is final. Its own module,
// registered in the simulator dispatcher like the provider simulators.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { chainNotifyUrl, chainNotifySecret } from "@/server/deposits/config";
import { signChainNotification } from "@/server/deposits/sign";
import { isTronAddress } from "@/server/deposits/tron";
import { formatUsdtExact, parseUsdtMicro } from "@/server/deposits/units";
import { json, readJson } from "@/server/sim/respond";

export type SimTransfer = {
  tx_hash: string;
  log_index: number;
  address: string;
  amount: string; // 6-decimal integer units, as the token reports it
  block_number: number;
  status: "included" | "dropped";
  /** The intake said it is credited (or not ours): no more notifications. */
  final: boolean;
  last_result: unknown;
  created_at: string;
};

type ChainState = { head: number; transfers: Map<string, SimTransfer>; notifyUrl: string | null };

const store = globalThis as typeof globalThis & { __refillChainSim?: ChainState };
function chain(): ChainState {
  store.__refillChainSim ??= { head: 70_000_000, transfers: new Map(), notifyUrl: null };
  return store.__refillChainSim;
}

const confirmationsOf = (t: SimTransfer) => (t.status === "dropped" ? 0 : Math.max(0, chain().head - t.block_number + 1));
const keyOf = (txHash: string, logIndex: number) => `${txHash}:${logIndex}`;

function view(t: SimTransfer) {
  return { ...t, amount_usdt: formatUsdtExact(BigInt(t.amount)), confirmations: confirmationsOf(t) };
}

/** Posts the transfer's current state to the intake, signed like a real watcher. */
async function notify(t: SimTransfer): Promise<unknown> {
  const body = JSON.stringify({
    tx_hash: t.tx_hash,
    log_index: t.log_index,
    address: t.address,
    token: "USDT",
    amount: t.amount,
    block_number: t.block_number,
    confirmations: confirmationsOf(t),
    status: t.status === "dropped" ? "dropped" : "seen",
  });
  try {
    const res = await fetch(chain().notifyUrl ?? chainNotifyUrl(), {
      method: "POST",
      headers: { "content-type": "application/json", "x-chain-signature": signChainNotification(body, chainNotifySecret()) },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const answer = (await res.json().catch(() => null)) as { state?: string } | null;
    t.last_result = { status: res.status, ...(answer ?? {}) };
    if (res.ok && (answer?.state === "credited" || answer?.state === "ignored")) t.final = true;
    if (t.status === "dropped" && res.ok) t.final = true;
  } catch (error) {
    // The app is down or slow: the next block reports it again.
    t.last_result = { error: error instanceof Error ? error.message : String(error) };
  }
  return t.last_result;
}

async function notifyLive() {
  const live = [...chain().transfers.values()].filter((t) => !t.final && t.status === "included");
  for (const t of live) await notify(t);
  return live.map(view);
}

const TransferInput = z
  .object({
    address: z.string().refine(isTronAddress, "a TRON address (T…)"),
    amount: z.string().trim().refine((v) => (parseUsdtMicro(v) ?? 0n) > 0n, "a positive USDT amount with at most 6 decimals"),
    confirmations: z.number().int().min(1).max(1000).default(1),
    tx_hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    log_index: z.number().int().min(0).max(1000).default(0),
  })
  .strict();

const BlocksInput = z.object({ count: z.number().int().min(1).max(1000).default(1) }).strict();
const ConfigInput = z.object({ notify_url: z.string().url().nullable() }).strict();
const NotifyInput = z.object({ times: z.number().int().min(1).max(50).default(1) }).strict();

/** A transfer of `amount` USDT to `address`, included in the next block; returns it after notifying. */
export async function simulateTransfer(input: z.input<typeof TransferInput>) {
  const p = TransferInput.parse(input);
  const state = chain();
  const txHash = p.tx_hash ?? randomBytes(32).toString("hex");
  if (state.transfers.has(keyOf(txHash, p.log_index))) throw new Error("That transfer exists already.");
  const transfer: SimTransfer = {
    tx_hash: txHash,
    log_index: p.log_index,
    address: p.address,
    amount: parseUsdtMicro(p.amount)!.toString(),
    block_number: state.head + 1,
    status: "included",
    final: false,
    last_result: null,
    created_at: new Date().toISOString(),
  };
  state.head += p.confirmations;
  state.transfers.set(keyOf(txHash, p.log_index), transfer);
  await notify(transfer);
  return view(transfer);
}

export async function advanceBlocks(count = 1) {
  chain().head += count;
  return { head: chain().head, notified: await notifyLive() };
}

/** `subpath` is what follows /api/sim/chain. */
export async function chainHandler(req: Request, subpath: string[]): Promise<Response> {
  const state = chain();
  const [head, txHash, action] = subpath;
  const bad = (error: z.ZodError) => json({ error: "validation_failed", issues: error.issues }, 422);
  if (!head && req.method === "GET") return json({ head: state.head, notify_url: state.notifyUrl ?? chainNotifyUrl(), transfers: [...state.transfers.values()].map(view) });
  if (req.method !== "POST" && req.method !== "GET") return json({ error: "method_not_allowed" }, 405);
  if (head === "config" && req.method === "POST") {
    const parsed = ConfigInput.safeParse(await readJson(req));
    if (!parsed.success) return bad(parsed.error);
    state.notifyUrl = parsed.data.notify_url;
    return json({ notify_url: state.notifyUrl ?? chainNotifyUrl() });
  }
  if (head === "blocks" && req.method === "POST") {
    const parsed = BlocksInput.safeParse((await readJson(req)) ?? {});
    if (!parsed.success) return bad(parsed.error);
    return json(await advanceBlocks(parsed.data.count));
  }
  if (head !== "transfers") return json({ error: "not_found" }, 404);
  if (!txHash) {
    if (req.method === "GET") return json({ transfers: [...state.transfers.values()].map(view) });
    const parsed = TransferInput.safeParse(await readJson(req));
    if (!parsed.success) return bad(parsed.error);
    if (parsed.data.tx_hash && state.transfers.has(keyOf(parsed.data.tx_hash, parsed.data.log_index))) return json({ error: "conflict", message: "That transfer exists already." }, 409);
    return json(await simulateTransfer(parsed.data), 201);
  }
  const transfer = [...state.transfers.values()].find((t) => t.tx_hash === txHash);
  if (!transfer) return json({ error: "not_found", message: "No such simulated transfer." }, 404);
  if (!action && req.method === "GET") return json(view(transfer));
  if (action === "drop" && req.method === "POST") {
    // A reorg can only take back what the intake has not treated as final.
    if (transfer.final && transfer.status === "included") return json({ error: "conflict", message: "The transfer is already confirmed and credited; it cannot be dropped." }, 409);
    transfer.status = "dropped";
    await notify(transfer);
    return json(view(transfer));
  }
  if (action === "notify" && req.method === "POST") {
    // Replays the current notification (watchers do send duplicates).
    const parsed = NotifyInput.safeParse((await readJson(req)) ?? {});
    if (!parsed.success) return bad(parsed.error);
    const results = [];
    for (let i = 0; i < parsed.data.times; i += 1) results.push(await notify(transfer));
    return json({ ...view(transfer), results });
  }
  return json({ error: "not_found" }, 404);
}
