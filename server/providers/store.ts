import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type Provider, providerCalls, providerOperatorCosts, providers } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { decryptSecret, encryptSecret } from "@/server/lib/crypto";
import { logger } from "@/server/lib/logger";
import { ALL_OPERATORS } from "@/server/catalog/operators";
import { SIM_PROVIDERS } from "@/server/sim/catalog";
import { createAdapter } from "./registry";
import type { CallLog, ProviderAdapter } from "./types";
import { simControlHeaders } from "@/server/sim/control-auth";

const adapters = new Map<string, { version: number; adapter: ProviderAdapter }>();

/** The adapter for a provider row, rebuilt when an admin changes the row. */
export function adapterFor(row: Provider): ProviderAdapter {
  const version = row.updatedAt.getTime();
  const cached = adapters.get(row.name);
  if (cached && cached.version === version) return cached.adapter;
  const adapter = createAdapter({ name: row.name, style: row.style, baseUrl: row.baseUrl, credentials: JSON.parse(decryptSecret(row.credentialsEnc)), timeoutMs: row.timeoutMs });
  adapters.set(row.name, { version, adapter });
  return adapter;
}

export async function getProvider(db: Executor, name: string) {
  const [row] = await db.select().from(providers).where(eq(providers.name, name));
  return row ?? null;
}

export function simBaseUrl() {
  return env.SIM_BASE_URL ?? `http://127.0.0.1:${env.PORT}`;
}

/**
 * Registers the simulated upstreams as providers (development, tests, or SIMULATOR=on), with their
 * costs per operator. Existing rows keep their admin-set priority, weights and enabled flags; the
 * base URL follows the server that calls this (the CLI passes updateBaseUrl: false, since it does not
 * know which port the server listens on).
 */
export async function ensureSimProviders(db: Executor, baseUrl = simBaseUrl(), opts: { updateBaseUrl?: boolean } = { updateBaseUrl: true }) {
  for (const sim of SIM_PROVIDERS) {
    await db
      .insert(providers)
      .values({
        name: sim.name,
        displayName: `Simulated ${sim.name[0].toUpperCase()}${sim.name.slice(1)}`,
        style: sim.style,
        baseUrl: `${baseUrl}${sim.path}`,
        credentialsEnc: encryptSecret(JSON.stringify(sim.credentials)),
        timeoutMs: 8000,
        priority: 100,
        weight: 1,
        simulated: true,
      })
      .onConflictDoUpdate({ target: providers.name, set: opts.updateBaseUrl ? { baseUrl: `${baseUrl}${sim.path}`, credentialsEnc: encryptSecret(JSON.stringify(sim.credentials)), updatedAt: sql`now()` } : { name: sql`excluded.name` } });
    // Every catalog operator the simulator serves: listed codes, and (bravo, charlie) all DTH and billers.
    const served = ALL_OPERATORS.filter((op) => sim.serves.includes(op.code) || (sim.name !== "alpha" && !op.services.includes("mobile")));
    const costs = served.map((op) => [op.code, sim.costBps[op.code] ?? sim.defaultCostBps] as const);
    if (costs.length) {
      await db
        .insert(providerOperatorCosts)
        .values(costs.map(([operatorCode, costBps]) => ({ provider: sim.name, operatorCode, costBps })))
        .onConflictDoNothing();
    }
  }
}

/**
 * Tells each simulated provider that pushes results where our callback endpoint is (what an operator
 * does once in a real provider's portal). The simulators may be this very server, not listening yet
 * at boot, so it retries a few times in the background.
 */
export function registerSimCallbacks(db: Executor, appOrigin = `http://127.0.0.1:${env.PORT}`, attempts = 10) {
  const attempt = async (left: number) => {
    const rows = await db.select().from(providers).where(eq(providers.simulated, true));
    const pending = rows.filter((row) => adapterFor(row).verifyCallback);
    let failed = 0;
    for (const row of pending) {
      const simOrigin = new URL(row.baseUrl).origin;
      const res = await fetch(`${simOrigin}/api/sim/providers/${row.style}/callbacks`, {
        method: "POST",
        headers: { "content-type": "application/json", ...simControlHeaders() },
        body: JSON.stringify({ url: `${appOrigin}/api/providers/${encodeURIComponent(row.name)}/callback` }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => null);
      if (!res?.ok) failed += 1;
    }
    if (failed && left > 1) setTimeout(() => void attempt(left - 1).catch(() => undefined), 3000).unref();
    else if (failed) logger.warn({ failed }, "could not register callback URLs with the simulators; status checks still settle orders");
    else logger.info({ providers: pending.map((r) => r.name) }, "simulators will call back");
  };
  void attempt(attempts).catch((error) => logger.warn({ err: error }, "callback registration failed"));
}

/** Every provider call is logged: request and response (secrets already masked by the adapter). */
export async function logProviderCall(
  db: Executor,
  input: { provider: string; call: CallLog; outcome: string; rechargeId?: string | null; accountId?: string | null; attempt?: number },
) {
  const { call } = input;
  try {
    await db.insert(providerCalls).values({
      provider: input.provider,
      rechargeId: input.rechargeId ?? null,
      accountId: input.accountId ?? null,
      operation: call.operation,
      attempt: input.attempt ?? 1,
      method: call.method,
      url: call.url,
      request: (call.requestBody ?? null) as object,
      response: (typeof call.responseBody === "string" ? { text: call.responseBody.slice(0, 4000) } : (call.responseBody ?? null)) as object,
      httpStatus: call.httpStatus,
      latencyMs: Math.round(call.latencyMs),
      outcome: input.outcome,
      error: call.error ?? null,
    });
  } catch (error) {
    // Losing a log line must never lose an order's state change.
    logger.error({ err: error, provider: input.provider }, "could not log provider call");
  }
}

export async function providerCostBps(db: Executor, provider: string, operator: string) {
  const [row] = await db
    .select({ costBps: providerOperatorCosts.costBps })
    .from(providerOperatorCosts)
    .where(and(eq(providerOperatorCosts.provider, provider), eq(providerOperatorCosts.operatorCode, operator)));
  return row?.costBps ?? null;
}
