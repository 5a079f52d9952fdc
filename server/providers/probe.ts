// Probing a provider whose circuit is open, on its cool-down, without waiting for real orders: the
// sweeper claims the probe (the same atomic claim an order would make), asks the provider's health
// endpoint, and closes the circuit on success or re-opens it for another cool-down on failure.
import { and, inArray, lte } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { providerBreakers, type Provider } from "@/db/schema";
import { logger } from "@/server/lib/logger";
import { breakerAllows, recordProviderFailure, recordProviderSuccess } from "./breaker";
import { adapterFor, getProvider, logProviderCall } from "./store";

/** Asks one provider whether it is up and logs the call (operation `health`) like any other. */
export async function runHealthCheck(db: Executor, row: Provider) {
  const { ok, call } = await adapterFor(row).health();
  await logProviderCall(db, { provider: row.name, call, outcome: ok ? "ok" : "error" });
  return { ok, call };
}

/**
 * A health check that also settles an open or half-open circuit: success closes it, failure of a
 * claimed probe re-opens it for another cool-down. Closed circuits are left as they are (a failing
 * health check alone does not open one: orders' outcomes do).
 */
export async function probeProvider(db: Executor, row: Provider, opts: { claimed: boolean; now?: Date }) {
  const result = await runHealthCheck(db, row);
  if (result.ok) await recordProviderSuccess(db, row.name);
  else if (opts.claimed) await recordProviderFailure(db, row.name, opts.now);
  return result;
}

/** Every circuit whose cool-down is over gets its probe now (one caller wins each claim). */
export async function probeDueBreakers(db: Executor, now = new Date()) {
  const due = await db
    .select({ provider: providerBreakers.provider })
    .from(providerBreakers)
    .where(and(inArray(providerBreakers.state, ["open", "half_open"]), lte(providerBreakers.probeAt, now)));
  let closed = 0;
  for (const { provider } of due) {
    try {
      if (!(await breakerAllows(db, provider, now))) continue;
      const row = await getProvider(db, provider);
      if (!row?.enabled) {
        // Switched off: nothing to probe; the claim lapses like a crashed probe's would.
        continue;
      }
      const { ok } = await probeProvider(db, row, { claimed: true, now });
      if (ok) closed += 1;
    } catch (error) {
      logger.error({ err: error, provider }, "breaker probe failed");
    }
  }
  return { probed: due.length, closed };
}
