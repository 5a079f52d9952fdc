// Deposit commands (API.md §8 and issue #12): orders, rates, and the chain simulator, which runs in the
// server (or `npm run sim`), so `sim chain` talks to it over HTTP like a test or a watcher would.
import { createDeposit, getDeposit, setUsdtRate } from "@/server/deposits";
import { env } from "@/server/env.mjs";
import { AppError } from "@/server/lib/errors";
import { simControlHeaders } from "@/server/sim/control-auth";
import type { Command } from "./main";

const req = (o: Record<string, unknown>, name: string) => {
  const v = o[name];
  if (typeof v !== "string" || !v) throw new AppError("validation_failed", `--${name} is required.`, { [name]: "required" });
  return v;
};
const int = (o: Record<string, unknown>, name: string, fallback: number) => {
  const v = o[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AppError("validation_failed", `--${name} must be a positive whole number.`, { [name]: String(v) });
  return n;
};

type DepositView = Awaited<ReturnType<typeof getDeposit>>["object"];
const describe = (d: DepositView) =>
  `${d.id}  ${d.status}${d.flags.length ? ` [${d.flags.join(", ")}]` : ""}  expected ${d.amount} USDT, received ${d.received} USDT, credited ${d.credited_amount} ${d.credit_currency}\n  pay to ${d.address} (TRC20) before ${d.expires_at}`;

async function simChain(path: string, body?: unknown) {
  const base = (env.SIM_BASE_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, "");
  let res: Response;
  try {
    res = await fetch(`${base}/api/sim/chain${path}`, {
      method: body === undefined ? "GET" : "POST",
      // Simulator control needs the control token (API.md §7): SIM_CONTROL_TOKEN, the same as the server's.
      headers: { "content-type": "application/json", ...simControlHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new AppError("provider_unavailable", `The chain simulator at ${base} does not answer (${(error as Error).message}). Start the server (or npm run sim) and set SIM_BASE_URL or PORT.`);
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 401) throw new AppError("unauthorized", "The simulator refused control: set SIM_CONTROL_TOKEN to the server's value.");
  if (!res.ok) throw new AppError(res.status === 422 ? "validation_failed" : "conflict", String(answer.message ?? `The chain simulator answered ${res.status}.`), answer);
  return answer;
}

export const depositCommands: Record<string, Command> = {
  "deposit create": {
    usage: "deposit create --account ID --amount 25.00 [--reference REF] [--notify-url URL]",
    run: async (ctx, o) => {
      const notifyUrl = typeof o["notify-url"] === "string" ? o["notify-url"] : undefined;
      const reference = typeof o.reference === "string" && o.reference ? o.reference : `cli-${Date.now()}`;
      const { deposit } = await createDeposit({ ctx, input: { amount: req(o, "amount"), reference, ...(notifyUrl ? { notify_url: notifyUrl } : {}) }, options: { channel: "cli", accountId: req(o, "account") } });
      const { object } = await getDeposit(ctx, deposit.id);
      return { json: object, text: describe(object) };
    },
  },
  "deposit show": {
    usage: "deposit show ID",
    run: async (ctx, o) => {
      const id = String(o._ || "");
      if (!id) throw new AppError("validation_failed", "Give the deposit id: deposit show dep_…", { id: "required" });
      const { object } = await getDeposit(ctx, id);
      return { json: object, text: describe(object) };
    },
  },
  "deposit rate": {
    usage: "deposit rate --currency BDT --rate 121.50 [--note TEXT]",
    run: async (ctx, o) => {
      const r = await setUsdtRate({ ctx, input: { currency: req(o, "currency"), rate: req(o, "rate"), note: typeof o.note === "string" ? o.note : undefined } });
      return { json: r, text: `1 USDT = ${r.rate} ${r.currency} from now on.` };
    },
  },
  "sim chain": {
    usage: "sim chain transfer --address T… --amount 25.00 [--confirmations N] | sim chain blocks [--count N] | sim chain drop TX_HASH",
    run: async (_ctx, o) => {
      const [action, arg] = String(o._ || "").split(" ");
      if (action === "transfer") {
        const t = await simChain("/transfers", { address: req(o, "address"), amount: req(o, "amount"), confirmations: int(o, "confirmations", 1) });
        return { json: t, text: `Sent ${t.amount_usdt} USDT to ${t.address}: tx ${t.tx_hash}, ${t.confirmations} confirmation(s); the app said ${JSON.stringify(t.last_result)}` };
      }
      if (action === "blocks") {
        const r = await simChain("/blocks", { count: int(o, "count", 1) });
        return { json: r, text: `Head is now block ${r.head}; ${(r.notified as unknown[]).length} transfer(s) reported again.` };
      }
      if (action === "drop" && arg) {
        const t = await simChain(`/transfers/${arg}/drop`, {});
        return { json: t, text: `Dropped ${arg} (reorg); the app said ${JSON.stringify(t.last_result)}` };
      }
      throw new AppError("validation_failed", "Use: sim chain transfer --address … --amount …, sim chain blocks --count N, or sim chain drop TX_HASH.", { action: action || "missing" });
    },
  },
};
