// alpha as a ProviderAdapter: a synchronous provider, so submit usually settles the attempt.
import { createAlphaClient } from "@/server/providers/alpha/client";
import * as t from "@/server/providers/alpha/transform";
import { composeAdapter } from "@/server/providers/compose";
import type { ProviderAdapter, ProviderConfig } from "@/server/providers/types";

export function createAlphaAdapter(config: ProviderConfig): ProviderAdapter {
  const client = createAlphaClient(config);
  return composeAdapter(
    config,
    "alpha",
    {
      submit: (req) => client.submitTopup(req),
      // alpha looks orders up by our reference; its own transaction id isn't needed.
      status: ({ orderId }) => client.getTopup(orderId),
      plans: (operator) => client.getPlans(operator),
      bill: (biller, account) => client.getBill(biller, account),
      balance: () => client.getBalance(),
      health: () => client.getHealth(),
      statement: (p) => client.getReport(p),
    },
    t,
  );
}
