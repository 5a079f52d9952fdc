// The outage switchboard (API.md §7): tests and the admin page flip providers down, slow them or make
// them reject a share of orders, without touching any provider's own API.
import { z } from "zod";
import { formatCents, json, readJson } from "@/server/sim/respond";
import { getControl, isSimName, resetControls, SIM_NAMES, type SimName } from "@/server/sim/state";

export const SimControlInput = z
  .object({
    down: z.boolean(),
    latency_ms: z.number().int().min(0).max(120_000),
    fail_rate: z.number().min(0).max(1),
    /** The provider's float in USD, e.g. "25.00", to provoke "insufficient balance". */
    balance: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/),
  })
  .partial()
  .strict();
export type SimControlInput = z.infer<typeof SimControlInput>;

export function describeControl(name: SimName) {
  const c = getControl(name);
  return { name, down: c.down, latency_ms: c.latencyMs, fail_rate: c.failRate, balance: formatCents(c.floatUsdCents) };
}

export function updateControl(name: SimName, input: SimControlInput) {
  const c = getControl(name);
  if (input.down !== undefined) c.down = input.down;
  if (input.latency_ms !== undefined) c.latencyMs = input.latency_ms;
  if (input.fail_rate !== undefined) c.failRate = input.fail_rate;
  if (input.balance !== undefined) {
    const [whole, frac = ""] = input.balance.split(".");
    c.floatUsdCents = BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
  }
  return describeControl(name);
}

/** `subpath` is what follows /api/sim/providers. */
export async function controlHandler(req: Request, subpath: string[]): Promise<Response> {
  if (subpath.length === 0 && req.method === "GET") return json({ providers: SIM_NAMES.map(describeControl) });
  if (subpath.length !== 1) return json({ error: "not_found" }, 404);
  const [target] = subpath;
  if (target === "reset" && req.method === "POST") {
    resetControls();
    return json({ providers: SIM_NAMES.map(describeControl) });
  }
  if (!isSimName(target)) return json({ error: "not_found", message: `No simulator named ${target}` }, 404);
  if (req.method === "GET") return json(describeControl(target));
  if (req.method !== "POST") return json({ error: "method_not_allowed" }, 405);
  const parsed = SimControlInput.safeParse(await readJson(req));
  if (!parsed.success) return json({ error: "validation_failed", issues: parsed.error.issues }, 422);
  return json(updateControl(target, parsed.data));
}
