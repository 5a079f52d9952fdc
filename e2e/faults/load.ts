// Steady load of recharge creates as merchants send them: the v1 API (with a notify_url and, after a
// cut connection, a retry under the same reference) mixed with the seed endpoint. Every answer is
// recorded, so the checks can hold the product to what it told its callers.
import { randomInt } from "node:crypto";

export type Merchant = { account_id: string; api_key: string; api_secret: string; webhook_secret: string };

export type Sent = {
  channel: "api" | "seed";
  merchant: Merchant;
  reference: string;
  phone: string;
  amount: string;
  /** The order id the product answered with (2xx), or null when it refused or we never heard. */
  orderId: string | null;
  status: number | null;
  /** The connection failed or timed out: the caller does not know whether the order exists. */
  unknown: boolean;
  startedAt: number;
  ms: number;
  body: string;
};

export type LoadOptions = {
  origins: string[];
  merchants: Merchant[];
  concurrency: number;
  notifyUrl?: string;
  /** Share of requests to the seed endpoint (the rest go to /api/v1/recharges). */
  seedShare?: number;
  /** Subscriber-number endings to draw from (API.md §7 outcomes); "" for a plain success. */
  endings?: string[];
  timeoutMs?: number;
};

const basic = (m: Merchant) => `Basic ${Buffer.from(`${m.api_key}:${m.api_secret}`).toString("base64")}`;

let serial = 0;
/** A fresh GP number (so the duplicate guard never triggers), ending as asked. */
function phoneEnding(ending: string) {
  const base = String(randomInt(0, 10 ** 8)).padStart(8, "0");
  let digits = base.slice(0, 8 - ending.length) + ending;
  // A plain success must not end in 001–005 by chance.
  if (ending === "" && /00[1-5]$/.test(digits)) digits = `${digits.slice(0, 5)}777`;
  return `017${digits}`;
}

export class Load {
  readonly sent: Sent[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  paused = false;

  constructor(readonly opts: LoadOptions) {}

  start() {
    this.running = true;
    for (let i = 0; i < this.opts.concurrency; i++) this.workers.push(this.worker(i));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async worker(i: number) {
    while (this.running) {
      if (this.paused) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const origin = this.opts.origins[i % this.opts.origins.length];
      const s = await this.sendOne(origin);
      // A caller whose connection was refused backs off a little instead of spinning.
      if (s.unknown) await new Promise((r) => setTimeout(r, 250));
    }
  }

  async sendOne(origin: string, over: Partial<Pick<Sent, "channel" | "phone" | "reference" | "merchant" | "amount">> = {}): Promise<Sent> {
    const o = this.opts;
    const merchant = over.merchant ?? o.merchants[randomInt(0, o.merchants.length)];
    const endings = o.endings ?? [""];
    const channel = over.channel ?? (Math.random() < (o.seedShare ?? 0.3) ? "seed" : "api");
    const phone = over.phone ?? phoneEnding(endings[randomInt(0, endings.length)]);
    const reference = over.reference ?? `F-${process.pid}-${++serial}-${Date.now()}`;
    const amount = over.amount ?? String(10 + randomInt(0, 40));
    const started = Date.now();
    const s: Sent = { channel, merchant, reference, phone, amount, orderId: null, status: null, unknown: false, startedAt: started, ms: 0, body: "" };
    try {
      let res: Response;
      if (channel === "api") {
        res = await fetch(`${origin}/api/v1/recharges`, {
          method: "POST",
          headers: { authorization: basic(merchant), "content-type": "application/json" },
          body: JSON.stringify({ reference, phone, operator: "GP", amount: `${amount}.00`, ...(o.notifyUrl ? { notify_url: o.notifyUrl } : {}) }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
        });
      } else {
        const form = new URLSearchParams({ api_key: merchant.api_key, api_secret: merchant.api_secret, phone, amount, operator: "GP", account_type: "prepaid" });
        res = await fetch(`${origin}/api/mobile-recharge`, { method: "POST", body: form, signal: AbortSignal.timeout(o.timeoutMs ?? 15_000) });
      }
      s.status = res.status;
      s.body = await res.text();
      if (res.status >= 200 && res.status < 300) {
        const body = JSON.parse(s.body) as Record<string, unknown>;
        s.orderId = typeof body.id === "string" ? body.id : typeof body.transaction_id === "string" ? body.transaction_id : null;
      }
    } catch {
      s.unknown = true;
    }
    s.ms = Date.now() - started;
    this.sent.push(s);
    return s;
  }

  /** What a careful merchant does after a cut connection: the same request again, same reference. */
  async retryUnknown(origin: string) {
    const retried: Sent[] = [];
    for (const s of this.sent.filter((x) => x.unknown && x.channel === "api" && !x.orderId)) {
      const again = await this.sendOne(origin, { channel: "api", merchant: s.merchant, phone: s.phone, reference: s.reference, amount: s.amount });
      s.unknown = again.unknown;
      if (again.orderId) s.orderId = again.orderId;
      retried.push(again);
    }
    return retried;
  }

  accepted() {
    return this.sent.filter((s) => s.status !== null && s.status >= 200 && s.status < 300);
  }
}
