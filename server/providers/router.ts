import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type Provider, providerBreakers, providerOperatorCosts, providers } from "@/db/schema";
import { versionedCache } from "@/server/lib/cache";
import { breakerLooksOpen } from "./breaker";

export type RankedProvider = {
  provider: Provider;
  costBps: number;
  /** Cooling down, or its probe is in flight: listed last. */
  breakerOpen: boolean;
  /** Its breaker is not closed: it may be sent an order only as the one half-open probe (breakerAllows). */
  needsProbe: boolean;
};

/**
 * Providers able to serve `operator`, best first: admin priority (lower first), then the cheapest
 * for us (highest discount), then a weighted random draw among equals. Providers whose breaker is
 * open and cooling down are listed last; any provider whose breaker is not closed is flagged
 * `needsProbe`, so the caller sends to it only after winning its probe. Knows nothing of any single
 * provider.
 */
const candidateCache = versionedCache<Provider[]>();

/**
 * The enabled providers with an enabled cost row for `operator` (unranked, breakers not consulted):
 * "can anyone serve this at all". With the caller's configuration version, from this process's cache.
 */
export async function providersServing(db: Executor, operator: string, configVersion?: bigint | null): Promise<Provider[]> {
  const load = async () =>
    (
      await db
        .select({ provider: providers })
        .from(providerOperatorCosts)
        .innerJoin(providers, eq(providers.name, providerOperatorCosts.provider))
        .where(and(eq(providerOperatorCosts.operatorCode, operator), eq(providerOperatorCosts.enabled, true), eq(providers.enabled, true)))
    ).map((r) => r.provider);
  return configVersion == null ? load() : candidateCache.get(operator, configVersion, load);
}

export async function rankProviders(db: Executor, input: { operator: string; exclude?: string[]; random?: () => number; now?: Date }): Promise<RankedProvider[]> {
  const rows = await db
    .select({ provider: providers, costBps: providerOperatorCosts.costBps, breaker: providerBreakers })
    .from(providerOperatorCosts)
    .innerJoin(providers, eq(providers.name, providerOperatorCosts.provider))
    .leftJoin(providerBreakers, eq(providerBreakers.provider, providers.name))
    .where(and(eq(providerOperatorCosts.operatorCode, input.operator), eq(providerOperatorCosts.enabled, true), eq(providers.enabled, true)));
  const random = input.random ?? Math.random;
  const exclude = new Set(input.exclude ?? []);
  return rows
    .filter((r) => !exclude.has(r.provider.name))
    .map((r) => ({
      provider: r.provider,
      costBps: r.costBps,
      breakerOpen: r.breaker ? breakerLooksOpen(r.breaker, input.now) : false,
      needsProbe: r.breaker ? r.breaker.state !== "closed" : false,
      // Weighted shuffle key (Efraimidis–Spirakis): higher weight, more often first among equals.
      draw: random() ** (1 / Math.max(1, r.provider.weight)),
    }))
    .sort(
      (a, b) =>
        Number(a.breakerOpen) - Number(b.breakerOpen) ||
        a.provider.priority - b.provider.priority ||
        b.costBps - a.costBps ||
        b.draw - a.draw,
    )
    .map(({ draw: _draw, ...rest }) => rest);
}
