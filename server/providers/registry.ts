// Builds an adapter from a provider row's settings. The style says which wire protocol it speaks;
// the name is ours (several rows may share a style, e.g. two accounts with the same aggregator).
import { createAlphaAdapter } from "@/server/providers/alpha/adapter";
import { createBravoAdapter } from "@/server/providers/bravo/adapter";
import { createCharlieAdapter } from "@/server/providers/charlie/adapter";
import type { ProviderAdapter, ProviderConfig, ProviderStyle } from "@/server/providers/types";

export const PROVIDER_STYLES: readonly ProviderStyle[] = ["alpha", "bravo", "charlie"];

const FACTORIES: Record<ProviderStyle, (config: ProviderConfig) => ProviderAdapter> = {
  alpha: createAlphaAdapter,
  bravo: createBravoAdapter,
  charlie: createCharlieAdapter,
};

export function createAdapter(config: ProviderConfig & { style: ProviderStyle }): ProviderAdapter {
  const factory = FACTORIES[config.style];
  if (!factory) throw new Error(`Unknown provider style: ${String(config.style)}`);
  return factory(config);
}

export const isProviderStyle = (value: string): value is ProviderStyle => (PROVIDER_STYLES as readonly string[]).includes(value);
