// bravo as a ProviderAdapter: asynchronous, so submit answers pending and status checks settle it.
import { createBravoClient } from "@/server/providers/bravo/client";
import * as t from "@/server/providers/bravo/transform";
import { verifyBravoCallback } from "@/server/providers/bravo/callback";
import { composeAdapter } from "@/server/providers/compose";
import type { ProviderAdapter, ProviderConfig } from "@/server/providers/types";

export function createBravoAdapter(config: ProviderConfig): ProviderAdapter {
  const client = createBravoClient(config);
  const adapter = composeAdapter(
    config,
    "bravo",
    {
      submit: (req) => client.createOrder(req),
      status: (q) => client.getOrder(q),
      plans: (operator) => client.getPlans(operator),
      bill: (biller, account) => client.getBill(biller, account),
      balance: () => client.getWallet(),
      health: () => client.ping(),
      statement: (p) => client.getStatement(p),
    },
    t,
  );
  return { ...adapter, verifyCallback: (input) => verifyBravoCallback(config, input) };
}
